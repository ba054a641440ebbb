import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pages import services
from pages.live_preview import render_page_preview
from pages.models import Page
from portal import hooks
from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, HistoryAdmin, VersionedModelForm
from portal.admin_workflow import PublicationMessages, ReviewAdminMixin, ReviewFormMixin
from portal.live_preview import LivePreviewAdminMixin
from portal.scheduling import PublicationWindowFormMixin


def embed_choices():
    return [("", "—"), *((key, label) for key, label, _b in hooks.get_hooks(hooks.PAGE_EMBEDS))]


ONLY_THE_CHIEF_EDITOR_PUBLISHES = gettext_lazy(
    "Only the chief editor can publish or schedule a page: save it as a draft or submit it "
    "for review."
)


class PageAdminForm(PublicationWindowFormMixin, ReviewFormMixin, VersionedModelForm):
    """The page form, which knows who is editing (``portal.admin_workflow``): whoever may not
    publish keeps the page a draft or submits it for review."""

    workflow = services.WORKFLOW
    only_the_chief_editor_publishes = ONLY_THE_CHIEF_EDITOR_PUBLISHES
    author_status_help = gettext_lazy(
        "Keep the page a draft while you work on it and submit it for review when it is "
        "ready: the chief editor publishes it."
    )
    locked_for_authors = gettext_lazy(
        "This page is published: only the chief editor can change it."
    )
    review_comment_help = gettext_lazy(
        "Needed to send the page back: what should the author change? "
        "The author sees it on this page's form."
    )

    embed = forms.ChoiceField(
        label=gettext_lazy("embedded block"),
        required=False,
        choices=embed_choices,
        help_text=Page._meta.get_field("embed").help_text,
    )

    class Meta:
        model = Page
        fields = "__all__"

    def submitted_record(self, cleaned_data):
        stored = self.instance
        return Page(
            title=cleaned_data.get("title", self.data.get("title", stored.title)),
            lead=cleaned_data.get("lead", self.data.get("lead", stored.lead)),
            body=cleaned_data.get("body", self.data.get("body", stored.body)),
        )


class ReviewFilter(admin.SimpleListFilter):
    title = gettext_lazy("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", gettext_lazy("Past the review date"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        return queryset


@admin.register(Page)
class PageAdmin(LivePreviewAdminMixin, PublicationMessages, ReviewAdminMixin, HistoryAdmin):
    """The pages of the site and their review, as articles': authors write and submit their
    own pages, the chief editor publishes or sends back (``portal.admin_workflow``). Saves go
    through ``pages.services`` (publication rules, revisions, audit); the change form is
    optimistically locked (``HistoryAdmin``); a page with subpages is deleted only after the
    editor says what becomes of them."""

    form = PageAdminForm
    workflow = services.WORKFLOW
    # An author puts their page under any page of the tree, not only under their own.
    own_records_in_autocomplete = False
    list_display = [
        "title",
        "path",
        "status_badge",
        "in_main_menu",
        "in_footer",
        "menu_order",
        "review_by",
    ]
    list_editable = ["in_main_menu", "in_footer", "menu_order"]
    list_filter = ["status", ReviewFilter, "in_main_menu", "in_footer"]
    search_fields = ["title", "path", "lead"]
    autocomplete_fields = ["parent"]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    readonly_fields = ["path", "review_notes", *AUDIT_FIELDS]
    fieldsets = [
        (None, {"fields": ["title", "parent", "slug", "path", "lead", "body", "embed"]}),
        (
            gettext_lazy("Publication"),
            {"fields": ["status", "publish_at", "expire_at", "review_by"]},
        ),
        (gettext_lazy("Menus"), {"fields": ["in_main_menu", "in_footer", "menu_order"]}),
        HISTORY_FIELDSET,
    ]

    live_preview_title = gettext_lazy("The page in the site's design, as the form now says")

    class Media:
        js = ["portal/live_preview.js"]

    def render_live_preview(self, request, form, obj):
        return render_page_preview(request, form, obj)

    def get_actions(self, request):
        """No bulk delete: each page with subpages needs its own answer (``delete_view``)."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_fieldsets(self, request, obj=None):
        """The review (the chief editor's comments, and their box) after the publication."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        at = next(
            n for n, (_name, options) in enumerate(fieldsets) if "status" in options["fields"]
        )
        review = (gettext_lazy("Review"), {"fields": self.review_fields(request, obj)})
        return [*fieldsets[: at + 1], review, *fieldsets[at + 1 :]]

    def save_edit(self, request, obj):
        services.save_page(obj, by=request.user)

    def view_on_site(self, page):
        if page.is_public:
            return page.get_absolute_url()
        return reverse("admin:pages_page_preview", args=[page.pk])

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="pages_page_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The page, draft, in review or scheduled, in the site's design, for those who may
        edit it (an author: their own, as for articles); never cached, never indexed."""
        found = self.get_object(request, unquote(object_id))
        if found is None or not services.WORKFLOW.can_preview(request.user, found):
            raise Http404(_("No such page."))
        above = Page.objects.for_listing().filter(path__in=found.ancestor_paths())
        breadcrumbs = [
            (_("Home"), reverse("news:home")),
            *((page.title, page.path) for page in sorted(above, key=lambda p: len(p.path))),
            (found.title, found.path),
        ]
        subpages = (
            found.children.public_by_themselves().for_listing().order_by("menu_order", "title")
        )
        context = {
            "page": found,
            "breadcrumbs": breadcrumbs,
            "subpages": list(subpages),
            "is_preview": True,
        }
        response = render(request, "pages/page.html", context)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_badge(self, page):
        if page.status == Page.Status.PUBLISHED and not page.is_public:
            return _("Scheduled") if page.publish_at > timezone.now() else _("Expired")
        return page.get_status_display()

    def delete_view(self, request, object_id, extra_context=None):
        page = self.get_object(request, unquote(object_id))
        if page is None or not services.descendants(page).exists():
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, page):
            raise PermissionDenied
        subpages = list(services.descendants(page))
        error = None
        if request.method == "POST":
            choice = request.POST.get("children")
            if choice in (services.LIFT, services.DELETE):
                try:
                    self.delete_with_children(request, page, subpages, choice)
                except ValidationError as refusal:
                    error = " ".join(refusal.messages)
                else:
                    return HttpResponseRedirect(reverse("admin:pages_page_changelist"))
            else:
                error = _("Choose what becomes of the subpages.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "subpages": subpages,
            "error": error,
            "title": _("Delete a page with subpages"),
            # Read by portal.admin_russian's wrapper of every delete page.
            "perms_lacking": False,
            "protected": False,
        }
        return TemplateResponse(request, "admin/pages/page/delete_with_children.html", context)

    def delete_with_children(self, request, page, subpages, choice):
        deleted = [page, *subpages] if choice == services.DELETE else [page]
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("Deleted"))
            for record in deleted:
                reversion.add_to_revision(record)
            services.delete_page(page, children=choice, by=request.user)
        self.message_user(
            request,
            ngettext("%d page deleted.", "%d pages deleted.", len(deleted)) % len(deleted),
            messages.SUCCESS,
        )

    def skipped_message(self, count):
        return ngettext(
            "%d page was left as it was: you cannot change it, or someone else has "
            "just changed it.",
            "%d pages were left as they were: you cannot change them, or someone else "
            "has just changed them.",
            count,
        )

    @admin.action(
        description=gettext_lazy("Submit selected pages for review"), permissions=["change"]
    )
    def submit_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            services.submit_for_review,
            lambda n: ngettext(
                "%d page submitted for review.", "%d pages submitted for review.", n
            ),
        )

    @admin.action(description=gettext_lazy("Publish selected pages"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            services.publish_page,
            lambda n: ngettext("%d page published.", "%d pages published.", n),
        )

    @admin.action(description=gettext_lazy("Unpublish selected pages"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self.run_service(
            request,
            queryset,
            services.unpublish_page,
            lambda n: ngettext("%d page unpublished.", "%d pages unpublished.", n),
        )
