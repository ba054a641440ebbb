from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news.models import Article, Department, GalleryPhoto, Rubric, Tag
from news.services import publish_article, unpublish_article
from portal.admin import AuditedAdminMixin


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class GalleryPhotoInline(admin.TabularInline):
    model = GalleryPhoto
    extra = 1
    fields = ["thumbnail", "image", "alt", "caption", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("preview"))
    def thumbnail(self, photo):
        return image_thumbnail(photo, "image")


def image_thumbnail(obj, source):
    if not getattr(obj, source):
        return "—"
    return format_html(
        '<img src="{}" alt="" width="80" style="height:auto">',
        getattr(obj, f"{source}_480_jpeg").url,
    )


@admin.register(Article)
class ArticleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "title", "status_badge", "rubric", "publish_at", "featured"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["status", "rubric", "featured", "department", "tags"]
    list_select_related = ["rubric"]
    search_fields = ["title", "lead"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["rubric", "tags", "department"]
    inlines = [GalleryPhotoInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["preview_link", "created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (
            _("Lead image"),
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption"]},
        ),
        (_("Classification"), {"fields": ["rubric", "tags", "department"]}),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "featured", "preview_link"]},
        ),
        (
            _("History"),
            {
                "fields": ["created_at", "created_by", "updated_at", "updated_by"],
                "classes": ["collapse"],
            },
        ),
    ]

    def view_on_site(self, article):
        if article.is_public:
            return article.get_absolute_url()
        return reverse("news:preview", kwargs={"pk": article.pk})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.first_published_at:
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.first_published_at:
            return {}
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("image"))
    def thumbnail(self, article):
        return image_thumbnail(article, "lead_image")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, article):
        if article.status == Article.Status.PUBLISHED and not article.is_public:
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return _("Save the article to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:preview", kwargs={"pk": article.pk}),
            _("Open the preview in the site's design"),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            publish_article(article, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            unpublish_article(article, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )
