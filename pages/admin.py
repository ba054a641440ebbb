import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from pages import services
from pages.live_preview import render_page_preview
from pages.models import Page
from portal import hooks
from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, HistoryAdmin, VersionedModelForm
from portal.live_preview import LivePreviewAdminMixin
from portal.models import EditConflict


def embed_choices():
    return [("", "—"), *((key, label) for key, label, _b in hooks.get_hooks(hooks.PAGE_EMBEDS))]


class PageAdminForm(VersionedModelForm):
    embed = forms.ChoiceField(
        label=gettext_lazy("embedded block"),
        required=False,
        choices=embed_choices,
        help_text=Page._meta.get_field("embed").help_text,
    )

    class Meta:
        model = Page
        fields = "__all__"


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
class PageAdmin(LivePreviewAdminMixin, HistoryAdmin):
    """The pages of the site. Saves go through ``pages.services`` (publication rules,
    revisions, audit); the change form is optimistically locked (``HistoryAdmin``); a page
    with subpages is deleted only after the editor says what becomes of them."""

    form = PageAdminForm
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
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["path", *AUDIT_FIELDS]
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

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        services.save_page(obj, by=request.user)

    def view_on_site(self, page):
        return page.get_absolute_url() if page.is_public else None

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

    def run_service(self, request, queryset, service, done_message):
        done = skipped = 0
        for page in queryset:
            try:
                service(page, by=request.user)
            except (PermissionDenied, EditConflict):
                skipped += 1
            except ValidationError as refusal:
                self.message_user(
                    request, f"«{page.title}»: {' '.join(refusal.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % done, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d page was left as it was: you cannot change it, or someone else has "
                    "just changed it.",
                    "%d pages were left as they were: you cannot change them, or someone else "
                    "has just changed them.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
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
