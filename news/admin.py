from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from media.admin import LibraryChooserMixin, LibraryUploadAdminMixin
from news import previews
from news.forms import ArticleAdminForm
from news.gallery_admin import add_photos_view
from news.live_preview import render_article_preview
from news.models import Article, Department, GalleryPhoto, RelatedArticle, Rubric, Tag
from news.services import (
    WORKFLOW,
    archive_article,
    can_publish,
    publish_article,
    submit_for_review,
    unpublish_article,
    withdraw_preview_links,
)
from news.views import MAX_CHOSEN_RELATED
from portal import hooks
from portal.admin import (
    AUDIT_FIELDS,
    HISTORY_FIELDSET,
    HistoryAdmin,
    PhotoInline,
    TabularInline,
    image_thumbnail,
)
from portal.admin_lists import LargeTableAdminMixin
from portal.admin_workflow import PublicationMessages, ReviewAdminMixin, local_datetime
from portal.live_preview import LivePreviewAdminMixin
from portal.search.admin_search import IndexedAdminSearchMixin


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class GalleryPhotoInline(LibraryChooserMixin, PhotoInline):
    model = GalleryPhoto
    extra = 1


class RelatedArticleInline(TabularInline):
    """The related articles the editor chooses by hand, in order; left empty, the article page
    finds related articles by itself (by tags, then the rubric)."""

    model = RelatedArticle
    fk_name = "article"
    fields = ["related", "order"]
    autocomplete_fields = ["related"]
    extra = 0
    max_num = MAX_CHOSEN_RELATED
    verbose_name_plural = _(
        "related articles chosen by hand (if none are chosen, they are found automatically)"
    )


class PublicationFilter(admin.SimpleListFilter):
    """The editorial queues: what waits for the chief editor, what is scheduled, what is out."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("review", _("Waiting for review")),
            ("returned", _("Sent back for revision")),
            ("scheduled", pgettext_lazy("articles", "Scheduled")),
            ("public", _("On the site")),
            ("expired", pgettext_lazy("articles", "Removed on schedule")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(status=Article.Status.REVIEW)
        if self.value() == "returned":
            return queryset.sent_back()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "public":
            return queryset.published()
        if self.value() == "expired":
            return queryset.expired()
        return queryset


@admin.register(Article)
class ArticleAdmin(
    LibraryUploadAdminMixin,
    LivePreviewAdminMixin,
    PublicationMessages,
    ReviewAdminMixin,
    IndexedAdminSearchMixin,
    LargeTableAdminMixin,
    HistoryAdmin,
):
    """Articles and their review: authors write and submit, the chief editor publishes.

    Who may do what is decided by ``news.services`` (the portal's workflow, enforced there
    and in the form); ``portal.admin_workflow`` only shows each editor what they may do.
    The search box uses the site search's index and the list is built for 100,000 articles
    (``portal.admin_lists``).
    """

    form = ArticleAdminForm
    workflow = WORKFLOW
    list_display = [
        "thumbnail",
        "title",
        "status_badge",
        "rubric",
        "publish_at",
        "expire_at",
        "featured",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = [PublicationFilter, "status", "kind", "rubric", "featured", "department", "tags"]
    list_select_related = ["rubric", "lead_image"]
    list_deferred_fields = ("body", "search_vector")
    # Matched through the search index (title, lead and text): IndexedAdminSearchMixin.
    search_fields = ["title", "lead"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["rubric", "tags", "department"]
    inlines = [GalleryPhotoInline, RelatedArticleInline]
    actions = [
        "submit_selected",
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "withdraw_preview_links_selected",
    ]
    readonly_fields = [
        "status_badge",
        "preview_link",
        "share_link",
        "review_notes",
        *AUDIT_FIELDS,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_upload",
                    "lead_image_alt",
                    "lead_image_caption",
                ]
            },
        ),
        (_("Classification"), {"fields": ["kind", "rubric", "tags", "department"]}),
        (
            _("Publication"),
            {
                "fields": ["status", "publish_at", "expire_at", "featured", "preview_link"],
                # Beside the text on a wide screen (templates/admin/news/article/change_form.html).
                "classes": ["publishing"],
            },
        ),
        HISTORY_FIELDSET,
    ]

    class Media:
        js = ["portal/live_preview.js"]

    def get_urls(self):
        add_photos = self.admin_site.admin_view(self.add_photos_view)
        return [
            path("add-photos/", add_photos, name="news_article_add_photos"),
            *super().get_urls(),
        ]

    def add_photos_view(self, request):
        return add_photos_view(request, self)

    def get_inlines(self, request, obj):
        """The gallery, then what other apps add (e.g. the agreements the article covers)."""
        return [*super().get_inlines(request, obj), *hooks.get_hooks(hooks.ARTICLE_ADMIN_INLINES)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # An archived article's links do not work (news.views.SharedArticlePreviewView).
        shares = obj.status != Article.Status.ARCHIVED and (
            can_publish(request.user) or obj.created_by_id == request.user.pk
        )
        review = self.review_fields(request, obj)
        result = []
        for name, options in fieldsets:
            if "status" in options["fields"]:
                if (
                    obj.expired_on_schedule
                ):  # says so beside the status, which still reads «published»
                    options = {**options, "fields": ["status_badge", *options["fields"]]}
                if shares and not obj.is_public:
                    options = {**options, "fields": [*options["fields"], "share_link"]}
                result += [
                    (name, options),
                    (_("Review"), {"fields": review, "classes": ["publishing"]}),
                ]
            else:
                result.append((name, options))
        return result

    def render_live_preview(self, request, form, obj):
        return render_article_preview(request, form, obj)

    def view_on_site(self, article):
        if article.is_public:
            return article.get_absolute_url()
        return reverse("news:preview", kwargs={"pk": article.pk})

    @admin.display(description=_("image"))
    def thumbnail(self, article):
        return image_thumbnail(article, "lead_image")

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, article):
        if article.expired_on_schedule:
            return pgettext_lazy("article", "Removed on schedule")
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

    @admin.display(description=_("link for an external approver"))
    def share_link(self, article):
        if not article.pk:
            return "—"
        return format_html(
            '<input type="url" class="vURLField" readonly value="{}" aria-label="{}">'
            '<div class="help">{} {}</div>',
            previews.share_url(article),
            _("link for an external approver"),
            _(
                "Anyone with this link can read the article in the site's design until "
                "%(date)s without logging in. Send it only to those who must approve it."
            )
            % {"date": local_datetime(previews.expires_at())},
            _(
                "The chief editor can withdraw every link given out so far with the action "
                "“Withdraw the preview links of selected articles” in the list of articles."
            ),
        )

    def skipped_message(self, count):
        return ngettext(
            "%d article was left as it was: you cannot change it, or someone else "
            "has just changed it.",
            "%d articles were left as they were: you cannot change them, or someone "
            "else has just changed them.",
            count,
        )

    @admin.action(description=_("Submit selected articles for review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            submit_for_review,
            lambda n: ngettext(
                "%d article submitted for review.", "%d articles submitted for review.", n
            ),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            publish_article,
            lambda n: ngettext("%d article published.", "%d articles published.", n),
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            unpublish_article,
            lambda n: ngettext("%d article unpublished.", "%d articles unpublished.", n),
        )

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            archive_article,
            lambda n: ngettext("%d article archived.", "%d articles archived.", n),
        )

    @admin.action(
        description=_("Withdraw the preview links of selected articles"), permissions=["publish"]
    )
    def withdraw_preview_links_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            withdraw_preview_links,
            lambda n: ngettext(
                "The preview links of %d article no longer work.",
                "The preview links of %d articles no longer work.",
                n,
            ),
        )


from news import import_admin  # noqa: E402, F401 (registers the imports admin)
