import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from solo.admin import SingletonModelAdmin

from portal.history import describe_conflict
from portal.models import AuditEvent, EditConflict, SiteSettings

admin.site.site_header = _("Vestnik — editorial office")
admin.site.site_title = _("Vestnik")
admin.site.index_title = _("Content management")


class AuditedAdminMixin:
    """Stamps who created and last changed a record."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# Passed from the revision view to the change form through extra_context: the version the
# record had before the old revision was written over it (see HistoryAdmin.revision_view).
CURRENT_VERSION_KEY = "_current_version"
RECORD_DELETED = _("Someone deleted this record while you were editing it.")


class VersionedModelForm(forms.ModelForm):
    """Carries, hidden, the version of the record the editor opened (``VersionedModel``) and
    refuses to save over a version someone else saved since, saying who, when and what."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if "version" not in self.fields:
            return cleaned_data
        if self.instance._state.adding:
            cleaned_data["version"] = self.instance.version
            return cleaned_data
        stored = self.locked_stored_record()
        if stored is None:
            raise ValidationError(RECORD_DELETED)
        opened = cleaned_data.get("version")
        if opened is None:
            raise ValidationError(
                gettext("The form does not say which version it was opened at: open it again.")
            )
        if opened != stored.version:
            conflict = describe_conflict(stored, opened, submitted=cleaned_data)
            raise ValidationError(conflict.messages())
        return cleaned_data

    def locked_stored_record(self):
        """The record as stored now. Inside the admin's transaction its row stays locked until
        the save (PostgreSQL), so a concurrent save waits and then sees the new version."""
        model = type(self.instance)
        using = router.db_for_write(model, instance=self.instance)
        queryset = model._base_manager.using(using).filter(pk=self.instance.pk)
        if transaction.get_connection(using).in_atomic_block:
            queryset = queryset.select_for_update()
        return queryset.first()


class HistoryAdmin(AuditedAdminMixin, VersionAdmin):
    """The admin of a record with a history (django-reversion) and optimistic locking.

    Every save through the admin keeps a revision with the user and the change message; the
    history page shows them and restores any of them; deleted records can be recovered (by
    those who may delete them); deletions are written to the audit trail. The change form
    carries the version it was opened at, and a save over a newer version is refused.
    """

    form = VersionedModelForm
    change_list_template = "admin/history_change_list.html"
    history_latest_first = True

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        editable = (
            self.has_add_permission(request)
            if obj is None
            else self.has_change_permission(request, obj)
        )
        first_name, first_options = fieldsets[0]
        if not editable or "version" in first_options["fields"]:
            return fieldsets
        first = (first_name, {**first_options, "fields": [*first_options["fields"], "version"]})
        return [first, *fieldsets[1:]]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        current_version = (extra_context or {}).get(CURRENT_VERSION_KEY)
        if object_id is not None and current_version is not None:
            self.model._base_manager.filter(pk=unquote(object_id)).update(version=current_version)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            self.message_user(request, self.conflict_message(conflict), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def conflict_message(self, conflict: EditConflict) -> str:
        current = self.model._base_manager.filter(pk=conflict.instance.pk).first()
        if current is None:
            return str(RECORD_DELETED)
        return " ".join(describe_conflict(current, conflict.expected_version).messages())

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old revision, keeping the version counter moving forward only.

        Writing the old revision over the record would also write its old version number;
        the change form is shown (and saved) with the current number instead, so forms opened
        before are still refused and a save made meanwhile is not overwritten unseen.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using):
            current_version = (
                self.model._base_manager.using(using)
                .select_for_update()
                .filter(pk=obj.pk)
                .values_list("version", flat=True)
                .first()
            )
            context = {**(extra_context or {}), CURRENT_VERSION_KEY: current_version}
            response = super().revision_view(request, object_id, version_id, context)
            if request.method == "POST" and response.status_code == 302:
                self.record_restored(request, version_id)
        return response

    def can_recover(self, request) -> bool:
        return (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.can_recover(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.can_recover(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.can_recover(request):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            self.record_restored(request, version_id)
        return response

    def record_restored(self, request, version_id):
        version = Version.objects.select_related("revision").get(pk=version_id)
        restored = self.model._base_manager.filter(pk=version.object_id).first()
        if restored is not None:
            AuditEvent.objects.record(
                AuditEvent.Action.RESTORED,
                restored,
                by=request.user,
                note=gettext("The version of %(date)s")
                % {"date": formats.localize(timezone.localtime(version.revision.date_created))},
            )

    def delete_model(self, request, obj):
        self.before_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.before_delete(request, list(queryset))
        super().delete_queryset(request, queryset)

    def before_delete(self, request, objects):
        """Keep a last revision of everything about to be deleted (cascades included), so
        it can be recovered even if it was never saved through the admin; audit it."""
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objects)
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Deleted"))
            for model, instances in collector.data.items():
                if reversion.is_registered(model):
                    for instance in instances:
                        reversion.add_to_revision(instance)
        for obj in objects:
            AuditEvent.objects.record(AuditEvent.Action.DELETED, obj, by=request.user)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    fieldsets = [
        (None, {"fields": ["city_name", "office_name", "tagline", "logo"]}),
        (_("Contacts"), {"fields": ["address", "phone", "email", "working_hours"]}),
        (_("Social networks"), {"fields": ["vk_url", "telegram_url", "ok_url"]}),
        (None, {"fields": ["footer_note"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, for the chief editor (``portal.view_auditevent``)."""

    list_display = ["created_at", "action", "record_link", "actor_name", "note_excerpt"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["content_type"]
    date_hierarchy = "created_at"
    search_fields = ["object_repr", "note", "actor_name"]
    fields = ["created_at", "action", "record_link", "actor_name", "note"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("record"), ordering="object_repr")
    def record_link(self, event):
        content_type = event.content_type
        if content_type is None or event.action == AuditEvent.Action.DELETED:
            return event.object_repr
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[event.object_id],
            )
        except NoReverseMatch:
            return event.object_repr
        return format_html('<a href="{}">{}</a>', url, event.object_repr)

    @admin.display(description=_("comment"))
    def note_excerpt(self, event):
        return Truncator(event.note).chars(120)
