"""The task queue in the admin: what is waiting, running, done or failed, with the error and
a «retry» action. Replaces django-tasks-db's own admin (one list, with permissions a role can
be given, instead of two)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.models import QueuedTask
from portal.queue import attempts, retry_now

admin.site.unregister(DBTaskResult)


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    list_display = (
        "task_name",
        "status",
        "attempt_count",
        "enqueued_at",
        "next_run",
        "finished_at",
    )
    list_filter = ("status", "queue_name")
    date_hierarchy = "enqueued_at"
    actions = ["retry"]
    fields = (
        "task_path",
        "status",
        "attempt_count",
        "args_kwargs",
        "enqueued_at",
        "next_run",
        "started_at",
        "finished_at",
        "exception_class_path",
        "error",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: QueuedTask | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: QueuedTask | None = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("portal.change_queuedtask")

    @admin.display(description=_("attempts"))
    def attempt_count(self, obj: QueuedTask) -> int:
        return attempts(obj)

    @admin.display(description=_("next run"))
    def next_run(self, obj: QueuedTask) -> object:
        if obj.status != "READY" or obj.run_after == get_date_max():
            return self.get_empty_value_display()
        return obj.run_after

    @admin.display(description=_("error"))
    def error(self, obj: QueuedTask) -> str:
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"

    @admin.action(description=_("Retry the selected failed tasks"), permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[QueuedTask]) -> None:
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext("%(count)d task is queued again.", "%(count)d tasks are queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
