"""The history of editorial records (django-reversion) and what an edit conflict shows.

Articles, agreements, events and cooperation plans keep a revision for every save: who, when,
and the record's fields (with its photos, signatories, documents or plan items). When a save
is refused because someone else saved first (``portal.models.EditConflict``), the editor is
told who that was, when, and which fields they changed, by comparing the revision the editor
had opened with what is stored now.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from reversion.models import Version

from portal.sanitize import plain_text

# Bookkeeping that changes with every save: not what an editor means by "what changed".
NOT_COMPARED = frozenset(
    {"version", "created_at", "updated_at", "created_by", "updated_by", "search_vector"}
)
# How far back to look for the revision an editor opened.
REVISIONS_SEARCHED = 100
VALUE_CHARS = 120


@dataclass
class Change:
    """One field someone else changed: its values as stored (``stored_value``) and shown."""

    name: str
    label: str
    opened: object
    stored: object
    opened_shown: str
    stored_shown: str


@dataclass
class Conflict:
    """A save that came too late: who saved before, when, and what they changed."""

    saved_by: str
    saved_at: datetime.datetime | None
    changes: list[Change] = field(default_factory=list)
    # False when the opened revision is unknown: then ``changes`` compare the editor's
    # submitted values (second item) with the saved ones.
    compared_with_opened: bool = True

    def messages(self, resolvable: bool = False) -> list[str]:
        when = formats.localize(timezone.localtime(self.saved_at)) if self.saved_at else "?"
        lines = [
            _(
                "%(who)s saved changes at %(when)s, after you had opened this form. "
                "Your changes have not been saved, so that theirs are not overwritten."
            )
            % {"who": self.saved_by, "when": when}
        ]
        if self.compared_with_opened:
            template = _("%(field)s: was «%(before)s» when you opened it, now «%(after)s».")
        else:
            template = _("%(field)s: saved «%(after)s», yours «%(before)s».")
        lines += [
            template
            % {"field": change.label, "before": change.opened_shown, "after": change.stored_shown}
            for change in self.changes
        ]
        if resolvable:
            lines.append(
                _(
                    "Choose for each field below whether to keep yours or take theirs, "
                    "then save again."
                )
            )
        else:
            lines.append(
                _(
                    "Copy what you wrote, open the page again to see the saved version, "
                    "and make your changes there."
                )
            )
        return lines


def compared_fields(model: type[models.Model]) -> list[Any]:
    return [
        model_field
        for model_field in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if model_field.editable
        and not model_field.primary_key
        and model_field.name not in NOT_COMPARED
    ]


def stored_value(model_field: Any, instance: models.Model) -> Any:
    """The value of ``model_field`` as a revision stores it (pks for relations)."""
    if model_field.many_to_many:
        return sorted(getattr(instance, model_field.attname).values_list("pk", flat=True))
    return model_field.value_from_object(instance)


def submitted_value(model_field: Any, value: Any) -> Any:
    """A form's cleaned value of ``model_field`` as a revision stores it (pks for relations)."""
    if model_field.many_to_many:
        return sorted(obj.pk for obj in value or [])
    if model_field.is_relation:
        return value.pk if value is not None else None
    return value


def display_value(model_field: Any, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if model_field.many_to_many:
        related = model_field.related_model._base_manager.filter(pk__in=value)
        return Truncator(", ".join(str(obj) for obj in related)).chars(VALUE_CHARS)
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return formats.localize(value)
    if isinstance(value, models.fields.files.FieldFile):
        value = value.name
    return Truncator(plain_text(str(value))).chars(VALUE_CHARS)


def same_value(model_field: Any, first: Any, second: Any) -> bool:
    if model_field.many_to_many:
        return sorted(first or []) == sorted(second or [])
    if isinstance(first, datetime.datetime) and isinstance(second, datetime.datetime):
        # The form edits times to the second and a revision keeps milliseconds: finer
        # differences are not changes anyone made.
        return first.replace(microsecond=0) == second.replace(microsecond=0)
    if isinstance(first, models.fields.files.FieldFile):
        first = first.name
    if isinstance(second, models.fields.files.FieldFile):
        second = second.name
    return (first or None) == (second or None)


def opened_state(model: type[models.Model], pk: Any, version_number: int) -> dict[str, Any] | None:
    """The fields of ``model`` ``pk`` as they were at ``version_number``, from its history."""
    versions = Version.objects.get_for_object_reference(model, pk)[:REVISIONS_SEARCHED]
    for version in versions:
        try:
            fields = version.field_dict
        except Exception:  # an unreadable old revision: look further back
            continue
        if fields.get("version") == version_number:
            return fields
    return None


def latest_save(current: models.Model) -> tuple[str, datetime.datetime | None]:
    """Who saved ``current`` last and when: its latest revision, else its audit fields."""
    version = Version.objects.get_for_object(current).select_related("revision__user").first()
    user, when = None, getattr(current, "updated_at", None)
    if version is not None:
        user, when = version.revision.user, version.revision.date_created
    user = user or getattr(current, "updated_by", None)
    if user is None:
        return _("Another editor"), when
    return user.get_full_name() or user.get_username(), when


def describe_conflict(
    current: models.Model, opened_version: int, submitted: dict[str, Any] | None = None
) -> Conflict:
    """What changed in ``current`` (as stored now) since the editor opened ``opened_version``.

    ``submitted`` (the editor's cleaned form data) is compared instead when the history has
    no revision at ``opened_version``.
    """
    model = type(current)
    saved_by, saved_at = latest_save(current)
    opened = opened_state(model, current.pk, opened_version)
    conflict = Conflict(saved_by=saved_by, saved_at=saved_at)
    if opened is None:
        conflict.compared_with_opened = False
        opened = {}
        for model_field in compared_fields(model):
            if submitted and model_field.name in submitted:
                value = submitted_value(model_field, submitted[model_field.name])
                opened[model_field.attname] = value
    for model_field in compared_fields(model):
        if model_field.attname not in opened:
            continue
        before, after = opened[model_field.attname], stored_value(model_field, current)
        if not same_value(model_field, before, after):
            conflict.changes.append(
                Change(
                    name=model_field.name,
                    label=str(model_field.verbose_name).capitalize(),
                    opened=before,
                    stored=after,
                    opened_shown=display_value(model_field, before),
                    stored_shown=display_value(model_field, after),
                )
            )
    return conflict
