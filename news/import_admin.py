"""Importing a news archive from the admin: «add» starts an import from an uploaded file or an
address, run by a task (``news.tasks.import_news``); the import's page is its status, which
reloads itself while the import runs (a meta refresh: the admin's CSP allows no inline
script) and ends with the summary and each item's problem."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from news.forms import ImportRunForm
from news.models import ImportProblem, ImportRun
from portal.admin import HTTPS_URL_FIELDS, TabularInline
from portal.kept_uploads import KeepsUploadsAdmin

REFRESH_SECONDS = 3
START_FIELDS = ["source_file", "source_url", "default_rubric", "publish", "update", "images"]


class ImportProblemInline(TabularInline):
    model = ImportProblem
    fields = ["message", "is_error"]  # the item is the row's title
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("problems with items")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.view_importrun")


@admin.register(ImportRun)
class ImportRunAdmin(KeepsUploadsAdmin, admin.ModelAdmin):
    form = ImportRunForm
    view_on_site = False  # its page is the status page here
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "__str__",
        "status",
        "progress",
        "created",
        "updated",
        "skipped",
        "errors",
        "created_at",
        "created_by",
    ]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
    change_form_template = "admin/news/importrun/change_form.html"
    status_fieldsets = [
        (None, {"fields": ["summary", "status", "progress"]}),
        (
            _("Source and options"),
            {"fields": ["source", "feed_title", "default_rubric", "options"]},
        ),
        (_("Items"), {"fields": ["created", "updated", "skipped", "errors"]}),
        (_("History"), {"fields": ["created_by", "created_at", "started_at", "finished_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": START_FIELDS})]
        return self.status_fieldsets

    def get_inlines(self, request, obj):
        return [ImportProblemInline] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return False  # a started import is only watched; start another to change anything

    @admin.display(description=_("progress"))
    def progress(self, run):
        if not run.total:
            return "—"
        return ngettext("%(done)s of %(total)s item", "%(done)s of %(total)s items", run.total) % {
            "done": run.done,
            "total": run.total,
        }

    @admin.display(description=_("source"))
    def source(self, run):
        return run.source_url or run.source_name

    @admin.display(description=_("options"))
    def options(self, run):
        chosen = [
            pgettext("import option", "publish") if run.publish else gettext("as drafts"),
            gettext("refresh articles imported before") if run.update else "",
            gettext("download images") if run.images else gettext("without images"),
        ]
        return ", ".join(option for option in chosen if option)

    @admin.display(description=pgettext_lazy("import", "summary"))
    def summary(self, run):
        if run.status == ImportRun.Status.QUEUED:
            return gettext("The import waits for a worker; this page reloads by itself.")
        if run.status == ImportRun.Status.RUNNING:
            return gettext("The import is running; this page reloads by itself.")
        if run.status == ImportRun.Status.FAILED:
            return gettext("The import failed: %(error)s") % {"error": run.error}
        return gettext(
            "The import is finished. Created: %(created)s, updated: %(updated)s, "
            "skipped: %(skipped)s, not imported: %(errors)s."
        ) % {
            "created": run.created,
            "updated": run.updated,
            "skipped": run.skipped,
            "errors": run.errors,
        }

    def save_model(self, request, obj, form, change):
        from news.tasks import import_news

        obj.created_by = request.user
        if obj.source_file:
            obj.source_name = obj.source_file.name
        super().save_model(request, obj, form, change)
        # Its row commits with the import's: a worker never looks for a run not yet saved.
        import_news.enqueue(obj.pk)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, gettext("The import is queued."), messages.SUCCESS)
        return HttpResponseRedirect(obj.get_absolute_url())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["refresh_seconds"] = REFRESH_SECONDS if obj and obj.in_progress else None
        return super().render_change_form(request, context, add, change, form_url, obj)
