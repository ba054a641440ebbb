from django.contrib import admin, messages
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from media import bulk
from media.editor_search import editor_image_search
from media.forms import ImageForm
from media.models import Image, Tag
from media.usage import text_uses, uses
from media.widgets import ImageChooserWidget
from portal.admin import image_thumbnail
from portal.images import rendition_url


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    view_on_site = False  # an image has no page of its own: its address is the admin's
    list_display = [
        "thumbnail",
        "title",
        "dimensions",
        "credit",
        "licence",
        "uploaded_at",
        "uploaded_by",
    ]
    list_display_links = ["title"]  # a link around the thumbnail alone would have no name
    list_filter = ["licence", "tags", "uploaded_at"]
    search_fields = ["title", "alt", "caption", "credit", "tags__name"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["uploaded_by"]
    readonly_fields = ["focal_point_picker", "dimensions", "uploaded_at", "uploaded_by", "usage"]
    fieldsets = [
        (None, {"fields": ["file", "title", "alt", "caption", "credit", "licence", "tags"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", "focal_x", "focal_y"],
                "description": _(
                    "Click the important point of the picture (a face, the sign): every crop "
                    "keeps it in frame. Without JavaScript, type its position as fractions."
                ),
            },
        ),
        (_("Where it is used"), {"fields": ["usage"]}),
        (_("About the file"), {"fields": ["dimensions", "uploaded_at", "uploaded_by"]}),
    ]

    class Media:
        js = ("media/focal_point.js",)
        css = {"all": ("media/media.css",)}

    @admin.display(description=_("preview"))
    def thumbnail(self, image):
        return image_thumbnail(image, "file", 160, width=80)

    @admin.display(description=_("size in pixels"))
    def dimensions(self, image):
        if not image.width:
            return "—"
        return f"{image.width} × {image.height}"

    @admin.display(description=_("picture"))
    def focal_point_picker(self, image):
        if not image.pk or not image.file:
            return "—"
        x, y = image.focal_point
        return format_html(
            '<div class="focal-point" data-focal-point>'
            '<img src="{}" alt="" width="480" class="focal-point__image">'
            '<span class="focal-point__marker" data-x="{}" data-y="{}" hidden></span></div>',
            rendition_url(image, "file", 480, "jpeg"),
            x,
            y,
        )

    @admin.display(description=_("used in"))
    def usage(self, image):
        if not image.pk:
            return "—"
        found = uses(image)
        if not found:
            return _("Not used anywhere yet.")
        return format_html(
            '<ul class="image-usage">{}</ul>',
            format_html_join("", "<li>{}</li>", ((use.as_html(),) for use in found)),
        )

    def get_urls(self):
        return [
            path(
                "bulk-upload/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name="media_image_bulk_upload",
            ),
            path(
                "bulk-upload/file/",
                self.admin_site.admin_view(bulk.upload_one),
                name="media_image_bulk_upload_file",
            ),
            path(
                "editor-search/",
                self.admin_site.admin_view(editor_image_search),
                name="media_image_editor_search",
            ),
            *super().get_urls(),
        ]

    def bulk_upload_view(self, request):
        return bulk.upload_many(request, self)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """Images shown in rich text are protected as well as those referred to (which the
        database protects): deleting them would leave holes in published texts."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            if image.file:
                protected.extend(use.as_html() for use in text_uses(image.file.name))
        return deleted, counts, perms_needed, protected


class LibraryChooserMixin:
    """For model admins and inlines whose records refer to library images: the image is
    chosen in the library's popup (search, thumbnails) instead of a list of every image."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is Image:
            kwargs["widget"] = ImageChooserWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LibraryUploadAdminMixin(LibraryChooserMixin):
    """For model admins whose form uploads images into the library on the spot
    (``media.forms.LibraryUploadFormMixin``): the uploader is the editor, and a file found
    in the library already is said to be used from there."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor = request.user  # who uploads images on the spot (LibraryUploadFormMixin)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for image in getattr(form, "reused_images", ()):
            self.message_user(
                request,
                format_html(
                    str(
                        _(
                            "The uploaded file is already in the library as «{}»: that image is used."
                        )
                    ),
                    str(image),
                ),
                messages.INFO,
            )
