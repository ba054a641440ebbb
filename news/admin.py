from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from media.admin import LibraryChooserMixin, LibraryUploadAdminMixin
from news import previews
from news.admin_russian import ArticlePublicationMessages
from news.forms import ArticleAdminForm, ReviewAction
from news.gallery_admin import add_photos_view
from news.models import Article, Department, GalleryPhoto, Rubric, Tag
from news.services import (
    ContentNotReady,
    archive_article,
    can_edit,
    can_publish,
    check_article,
    publish_article,
    review_notes,
    save_article,
    send_back,
    submit_for_review,
    unpublish_article,
    withdraw_preview_links,
    works_on_own_articles_only,
)
from portal import hooks
from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, HistoryAdmin, PhotoInline, image_thumbnail
from portal.admin_lists import LargeTableAdminMixin
from portal.models import AuditEvent, EditConflict
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


def local_datetime(value) -> str:
    return formats.localize(timezone.localtime(value))


@admin.register(Article)
class ArticleAdmin(
    LibraryUploadAdminMixin,
    ArticlePublicationMessages,
    IndexedAdminSearchMixin,
    LargeTableAdminMixin,
    HistoryAdmin,
):
    """Articles and their review: authors write and submit, the chief editor publishes.

    Who may do what is decided by ``news.services`` (and enforced there and in the form);
    this class only shows each editor what they may do. The search box uses the site
    search's index and the list is built for 100,000 articles (``portal.admin_lists``).
    """

    form = ArticleAdminForm
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
    inlines = [GalleryPhotoInline]
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

    def get_urls(self):
        add_photos = self.admin_site.admin_view(self.add_photos_view)
        return [
            path("add-photos/", add_photos, name="news_article_add_photos"),
            *super().get_urls(),
        ]

    def add_photos_view(self, request):
        return add_photos_view(request, self)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if works_on_own_articles_only(request.user):
            queryset = queryset.filter(created_by=request.user)
        return queryset

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_inlines(self, request, obj):
        """The gallery, then what other apps add (e.g. the agreements the article covers)."""
        return [*super().get_inlines(request, obj), *hooks.get_hooks(hooks.ARTICLE_ADMIN_INLINES)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor = request.user
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # An archived article's links do not work (news.views.SharedArticlePreviewView).
        shares = obj.status != Article.Status.ARCHIVED and (
            can_publish(request.user) or obj.created_by_id == request.user.pk
        )
        review = ["review_notes"]
        if can_publish(request.user) and self.has_change_permission(request, obj):
            review.append("review_comment")
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        action, user = form.cleaned_data.get("review_action"), request.user
        if action == ReviewAction.SUBMIT:
            submit_for_review(obj, by=user)
        elif action == ReviewAction.APPROVE:
            publish_article(obj, by=user)
        elif action == ReviewAction.SEND_BACK:
            send_back(obj, by=user, note=form.cleaned_data["review_comment"])
        else:
            save_article(obj, by=user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_actions"] = self.review_actions(request, obj)
        form = context["adminform"].form
        if form.is_bound:
            context["content_report"] = form.content_report()
        elif obj is not None:
            context["content_report"] = check_article(obj)
        if obj is not None and obj.status == Article.Status.DRAFT:
            latest = AuditEvent.objects.for_object(obj).first()
            if latest is not None and latest.action == AuditEvent.Action.SENT_BACK:
                context["sent_back_with"] = latest
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_actions(self, request, obj):
        """The review buttons this editor gets under the form: ``[(value, label)]``."""
        if obj is None:
            if not self.has_add_permission(request):
                return []
        elif not self.has_change_permission(request, obj):
            return []
        status = obj.status if obj is not None else Article.Status.DRAFT
        actions = []
        if status == Article.Status.DRAFT:
            actions.append(ReviewAction.SUBMIT)
        if status == Article.Status.REVIEW and can_publish(request.user):
            actions += [ReviewAction.APPROVE, ReviewAction.SEND_BACK]
        return [(action.value, action.label) for action in actions]

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

    @admin.display(description=_("comments of the chief editor"))
    def review_notes(self, article):
        notes = list(review_notes(article)) if article.pk else []
        if not notes:
            return _("No comments yet.")
        return format_html_join(
            "",
            "<p><strong>{}</strong>, {}:<br>{}</p>",
            (
                (note.actor_name or "—", local_datetime(note.created_at), note.note)
                for note in notes
            ),
        )

    def run_service(self, request, queryset, service, done_message):
        done = skipped = 0
        for article in queryset:
            try:
                service(article, by=request.user)
            except (PermissionDenied, EditConflict):
                skipped += 1
            except ContentNotReady as refusal:
                self.message_user(
                    request,
                    f"«{article.title}»: {' '.join(refusal.messages)}",
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % done, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d article was left as it was: you cannot change it, or someone else "
                    "has just changed it.",
                    "%d articles were left as they were: you cannot change them, or someone "
                    "else has just changed them.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
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
