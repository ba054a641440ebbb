from typing import TYPE_CHECKING, Any, cast

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version
from solo.admin import SingletonModelAdmin

from portal.desk.admin import DeskAdminMixin
from portal.history import Change, describe_conflict, display_value, same_value, submitted_value
from portal.images import rendition_url
from portal.kept_uploads import KeepsUploadsAdmin
from portal.models import AuditEvent, EditConflict, SearchPin, SiteSettings
from portal.search.pins import searchable_content_types

admin.site.site_header = _("Vestnik — editorial office")
admin.site.site_title = _("Vestnik")
admin.site.index_title = _("Content management")


# A web address typed without a scheme ("alchevsk.ru") is read as https://.
HTTPS_URL_FIELDS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


# For the type checker the mixin is what it is mixed into, a model admin.
if TYPE_CHECKING:
    _MixedInto = admin.ModelAdmin
else:
    _MixedInto = object


class AuditedAdminMixin(_MixedInto):
    """Stamps who created and last changed a record."""

    formfield_overrides = HTTPS_URL_FIELDS

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: Any) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


AUDIT_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")
HISTORY_FIELDSET = (_("History"), {"fields": AUDIT_FIELDS, "classes": ["collapse"]})


def image_thumbnail(
    obj: models.Model, field_name: str, rendition_width: int = 480, width: int = 80
) -> str:
    """A preview of an image field from one of its renditions (the upload itself until they
    are made); «—» without an image."""
    if not getattr(obj, field_name):
        return "—"
    url = rendition_url(obj, field_name, rendition_width, "jpeg")
    return format_html('<img src="{}" alt="" width="{}" style="height:auto">', url, width)


def _innermost(widget: forms.Widget) -> forms.Widget:
    while hasattr(widget, "widget"):  # the admin's wrapper with its «+» and «✎» links
        widget = widget.widget
    return widget


def name_inputs(field: forms.Field) -> None:
    """A date-and-time field's two inputs named «Начало публикации: дата» and «…: время»:
    the field's one label names neither of them (axe: «Form elements must have labels»)."""
    widget = _innermost(field.widget)
    if isinstance(widget, forms.SplitDateTimeWidget) and field.label:
        date, time = widget.widgets
        date.attrs.setdefault("aria-label", gettext("%(field)s: date") % {"field": field.label})
        time.attrs.setdefault("aria-label", gettext("%(field)s: time") % {"field": field.label})


class LabelledInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose every field is named to assistive technology: in a tabular
    inline a column's heading is not its fields' label (axe: «Form elements must have
    labels»), so each widget carries its field's label as ``aria-label``, the delete box too."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = _innermost(field.widget)
            if field.label and not widget.is_hidden:
                widget.attrs.setdefault("aria-label", str(field.label))
            name_inputs(field)


class TabularInline(admin.TabularInline):
    """Django's tabular inline with labelled fields (``LabelledInlineFormSet``): every tabular
    inline of the admin is one of these."""

    formset = LabelledInlineFormSet


class PhotoInline(TabularInline):
    """The photos of a gallery (``portal.models.Photo``), each with its preview."""

    extra = 0
    fields = ["thumbnail", "image", "alt", "caption", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("preview"))
    def thumbnail(self, photo: models.Model) -> str:
        return image_thumbnail(photo, "image")


# Passed from the revision view to the change form through extra_context: the version the
# record had before the old revision was written over it (see HistoryAdmin.revision_view).
CURRENT_VERSION_KEY = "_current_version"
RECORD_DELETED = _("Someone deleted this record while you were editing it.")
# The conflict page's choice per field, and the version the choices were made against.
RESOLUTION_PREFIX = "conflict_"
RESOLVED_AGAINST = "conflict_version"
KEEP_MINE, TAKE_THEIRS = "mine", "theirs"


class VersionedModelForm(forms.ModelForm):
    """Carries, hidden, the version of the record the editor opened (``VersionedModel``) and
    refuses to save over a version someone else saved since, saying who, when and what.

    The refused form offers, for each field both changed, «keep mine» or «take theirs»;
    saved again with a choice for each, it is saved over the version the choices were made
    against (and refused again if someone has saved meanwhile).
    """

    # The names of the choice fields of a refused form (shown by HistoryAdmin).
    resolution_fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned_data = cast(dict[str, Any], super().clean())  # ModelForm.clean: the data
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
            contested = self.contested(stored, conflict.changes)
            if self.resolved(stored, contested):
                for change in contested:
                    if self.data[RESOLUTION_PREFIX + change.name] == TAKE_THEIRS:
                        cleaned_data[change.name] = self.theirs(stored, change.name)
                cleaned_data["version"] = stored.version
                return cleaned_data
            self.offer_resolution(stored, contested, conflict.compared_with_opened)
            raise ValidationError(conflict.messages(resolvable=bool(contested)))
        return cleaned_data

    def contested(self, stored: Any, changes: list[Change]) -> list[Change]:
        """The changes made by others to fields of this form that differ from its values."""
        result = []
        for change in changes:
            if change.name not in self.fields or change.name not in self.cleaned_data:
                continue
            model_field = stored._meta.get_field(change.name)
            mine = submitted_value(model_field, self.cleaned_data[change.name])
            if not same_value(model_field, mine, change.stored):
                result.append(change)
        return result

    def resolved(self, stored: Any, contested: list[Change]) -> bool:
        return self.data.get(RESOLVED_AGAINST) == str(stored.version) and all(
            self.data.get(RESOLUTION_PREFIX + change.name) in (KEEP_MINE, TAKE_THEIRS)
            for change in contested
        )

    @staticmethod
    def theirs(stored: models.Model, name: str) -> Any:
        value = getattr(stored, name)
        return value.all() if stored._meta.get_field(name).many_to_many else value

    def offer_resolution(
        self, stored: Any, contested: list[Change], compared_with_opened: bool
    ) -> None:
        data = cast("QueryDict | dict[str, Any]", self.data).copy()
        data[RESOLVED_AGAINST] = str(stored.version)
        self.fields[RESOLVED_AGAINST] = forms.IntegerField(
            widget=forms.HiddenInput(), required=False
        )
        self.resolution_fields = []
        for change in contested:
            model_field = stored._meta.get_field(change.name)
            mine = submitted_value(model_field, self.cleaned_data[change.name])
            name = RESOLUTION_PREFIX + change.name
            untouched = compared_with_opened and same_value(model_field, mine, change.opened)
            data[name] = TAKE_THEIRS if untouched else KEEP_MINE
            self.fields[name] = forms.ChoiceField(
                label=change.label,
                widget=forms.RadioSelect,
                required=False,
                choices=[
                    (
                        KEEP_MINE,
                        gettext("Keep mine: «%(value)s»")
                        % {"value": display_value(model_field, mine)},
                    ),
                    (
                        TAKE_THEIRS,
                        gettext("Take theirs: «%(value)s»") % {"value": change.stored_shown},
                    ),
                ],
            )
            self.resolution_fields.append(name)
        self.data = data

    def locked_stored_record(self) -> Any:
        """The record as stored now. Inside the admin's transaction its row stays locked until
        the save (PostgreSQL), so a concurrent save waits and then sees the new version."""
        model = type(self.instance)
        using = router.db_for_write(model, instance=self.instance)
        queryset = model._base_manager.using(using).filter(pk=self.instance.pk)
        if transaction.get_connection(using).in_atomic_block:
            queryset = queryset.select_for_update()
        return queryset.first()


class HistoryAdmin(DeskAdminMixin, KeepsUploadsAdmin, AuditedAdminMixin, VersionAdmin):
    """The admin of a record with a history (django-reversion) and optimistic locking.

    Every save through the admin keeps a revision with the user and the change message; the
    history page shows them and restores any of them; deleted records can be recovered (by
    those who may delete them); deletions are written to the audit trail. The change form
    carries the version it was opened at, and a save over a newer version is refused. While
    the editor types, the form is autosaved as their private draft and editors of the same
    record see each other (``portal.desk``).
    """

    form = VersionedModelForm
    change_list_template = "admin/history_change_list.html"
    # django-reversion's pages with their breadcrumbs in grammatical Russian.
    recover_list_template = "admin/reversion/recover_list.html"
    recover_form_template = "admin/reversion/recover_form.html"
    revision_form_template = "admin/reversion/revision_form.html"
    history_latest_first = True

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            name_inputs(formfield)
        return formfield

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
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

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        form = context["adminform"].form
        if getattr(form, "resolution_fields", None):
            context["adminform"].fieldsets.insert(
                0,
                (
                    _("Someone else saved first: yours or theirs?"),
                    {"fields": [*form.resolution_fields, RESOLVED_AGAINST]},
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        current_version = (extra_context or {}).get(CURRENT_VERSION_KEY)
        if object_id is not None and current_version is not None:
            self.model._base_manager.filter(pk=unquote(object_id)).update(version=current_version)
        # Someone may save between this form's validation and its save: the save is rolled
        # back, and validating the same form again finds theirs and offers the choice per
        # field with everything typed kept, as a refusal at validation does. (Not so when an
        # old revision is being restored: its form is the revision's, nothing was typed.)
        attempts = 2 if current_version is None and request.method == "POST" else 1
        for attempt in range(1, attempts + 1):
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except EditConflict as conflict:
                if attempt == attempts:
                    self.message_user(request, self.conflict_message(conflict), messages.ERROR)
        return HttpResponseRedirect(request.path)

    def conflict_message(self, conflict: EditConflict) -> str:
        current = self.model._base_manager.filter(pk=conflict.instance.pk).first()
        if current is None:
            return str(RECORD_DELETED)
        return " ".join(describe_conflict(current, conflict.expected_version).messages())

    def revision_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
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

    def can_recover(self, request: HttpRequest) -> bool:
        return (
            self.has_add_permission(request)
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"can_recover": self.can_recover(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def recoverlist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.can_recover(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(
        self, request: HttpRequest, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.can_recover(request):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            self.record_restored(request, version_id)
        return response

    def record_restored(self, request: HttpRequest, version_id: str) -> None:
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

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.before_delete(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.before_delete(request, list(queryset))
        super().delete_queryset(request, queryset)

    def before_delete(self, request: HttpRequest, objects: list[Any]) -> None:
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
class SiteSettingsAdmin(KeepsUploadsAdmin, SingletonModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    fieldsets = [
        (None, {"fields": ["city_name", "region", "office_name", "tagline", "logo"]}),
        (_("Contacts"), {"fields": ["address", "phone", "email", "working_hours"]}),
        (_("Official links"), {"fields": ["administration_url", "feedback_url"]}),
        (_("Social networks"), {"fields": ["vk_url", "ok_url", "telegram_url"]}),
        (None, {"fields": ["privacy_policy", "footer_note"]}),
        (_("Editing"), {"fields": ["typography"]}),
    ]


AUDIT_EVENT_FIELDS = ("created_at", "action", "record_link", "actor_name", "note")


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
    fields = AUDIT_EVENT_FIELDS
    readonly_fields = AUDIT_EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    @admin.display(description=_("record"), ordering="object_repr")
    def record_link(self, event: AuditEvent) -> str:
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
    def note_excerpt(self, event: AuditEvent) -> str:
        return Truncator(event.note).chars(120)


@admin.register(SearchPin)
class SearchPinAdmin(admin.ModelAdmin):
    """Chief editors pin a «best answer» for a query (portal.search.pins)."""

    list_display = ("query", "target_title", "content_type", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active", "content_type")
    search_fields = ("query",)
    fields = ("query", "content_type", "object_id", "order", "is_active")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "content_type":
            kwargs["queryset"] = searchable_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("result"))
    def target_title(self, pin: SearchPin) -> str:
        return str(pin.target) if pin.target is not None else "—"


from portal import queue_admin  # noqa: E402, F401 (registers the task queue's admin)
from portal.redirects import admin as redirects_admin  # noqa: E402, F401 (registers the redirects admin)
