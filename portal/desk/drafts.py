"""Autosaved drafts of change forms: what the browser sends, how it is kept and purged, and
what a draft changes compared with the record as stored.

A draft is the form as the browser would submit it (``[name, value]`` pairs, files left out),
so restoring it is filling the form again; the record is changed only when the editor saves.
"""

import datetime
import difflib
import html
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext

from portal.models import EditDraft

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

# Bounds of what a browser may send: a long article is well under them.
MAX_FIELDS = 5000
MAX_NAME_LENGTH = 200
MAX_LABEL_LENGTH = 500
# Fields a draft never carries or compares: the form's token and the conflict page's choices
# (portal.admin.VersionedModelForm) belong to one request only.
SKIPPED_NAMES = frozenset({"csrfmiddlewaretoken"})
NOT_COMPARED = frozenset({"version", "conflict_version"})
# Words of unchanged text kept around each change in the diff shown.
CONTEXT_WORDS = 8


class BadDraft(ValueError):
    """What the browser sent is not a form's fields."""


@dataclass
class SubmittedDraft:
    fields: list[list[str]]
    names: list[str]
    labels: dict[str, dict[str, str]]


def _strings(value: Any, limit: int | None = None) -> bool:
    return isinstance(value, str) and (limit is None or len(value) <= limit)


def parse(body: bytes) -> SubmittedDraft:
    """The draft in a request body: ``{"fields": [[name, value], …], "names": [name, …],
    "labels": {name: {value: label}}}``; ``BadDraft`` when it is anything else."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadDraft(gettext("The draft is not JSON.")) from error
    if not isinstance(data, dict):
        raise BadDraft(gettext("The draft is not a form."))
    pairs, names, labels = data.get("fields"), data.get("names", []), data.get("labels", {})
    if not isinstance(pairs, list) or not isinstance(names, list) or not isinstance(labels, dict):
        raise BadDraft(gettext("The draft is not a form."))
    if len(pairs) > MAX_FIELDS or len(names) > MAX_FIELDS or len(labels) > MAX_FIELDS:
        raise BadDraft(gettext("The draft has too many fields."))
    for pair in pairs:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and _strings(pair[0], MAX_NAME_LENGTH)
            and _strings(pair[1])
        ):
            raise BadDraft(gettext("A field of the draft is not a name and a value."))
    if not all(_strings(name, MAX_NAME_LENGTH) for name in names):
        raise BadDraft(gettext("A field of the draft is not a name and a value."))
    for name, options in labels.items():
        if not (
            _strings(name, MAX_NAME_LENGTH)
            and isinstance(options, dict)
            and len(options) <= MAX_FIELDS
            and all(
                _strings(value) and _strings(label, MAX_LABEL_LENGTH)
                for value, label in options.items()
            )
        ):
            raise BadDraft(gettext("A field of the draft is not a name and a value."))
    return SubmittedDraft(
        fields=[pair for pair in pairs if pair[0] not in SKIPPED_NAMES],
        names=list(dict.fromkeys(name for name in names if name not in SKIPPED_NAMES)),
        labels=labels,
    )


def _key(
    user: "AbstractBaseUser | AnonymousUser", model: type[models.Model], object_id: str | None
) -> dict[str, Any]:
    """The lookup of one editor's draft of one form."""
    return {
        "user_id": user.pk,
        "content_type": ContentType.objects.get_for_model(model, for_concrete_model=True),
        "object_id": object_id or "",
    }


def save(
    user: "AbstractBaseUser | AnonymousUser",
    model: type[models.Model],
    object_id: str | None,
    draft: SubmittedDraft,
) -> EditDraft:
    """Keep ``draft`` as ``user``'s unsaved changes of the record (``None``: a new one)."""
    saved, _created = EditDraft.objects.update_or_create(
        **_key(user, model, object_id),
        defaults={
            "fields": draft.fields,
            "names": draft.names,
            "labels": draft.labels,
            "updated_at": timezone.now(),
        },
    )
    return saved


def find(
    user: "AbstractBaseUser | AnonymousUser", model: type[models.Model], object_id: str | None
) -> EditDraft | None:
    return EditDraft.objects.filter(**_key(user, model, object_id)).first()


def discard(
    user: "AbstractBaseUser | AnonymousUser", model: type[models.Model], object_id: str | None
) -> int:
    deleted, _per_model = EditDraft.objects.filter(**_key(user, model, object_id)).delete()
    return deleted


def purge(older_than: datetime.timedelta) -> int:
    """Delete every draft untouched for ``older_than``; how many."""
    deleted, _per_model = EditDraft.objects.filter(
        updated_at__lt=timezone.now() - older_than
    ).delete()
    return deleted


def as_form_data(draft: EditDraft) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in draft.fields:
        data.appendlist(name, value)
    return data


def shown_time(moment: datetime.datetime) -> str:
    """«14:02» today (Moscow time), the date and the time on another day."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return f"{formats.date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}"


@dataclass
class FieldChange:
    """One field a draft changes: its label and either both values or, for text, the diff
    as ``(kind, text)`` segments, ``kind`` one of "same", "del", "ins"."""

    name: str
    label: str
    before: str = ""
    after: str = ""
    segments: list[tuple[str, str]] = field(default_factory=list)


def changes(form: forms.BaseForm, draft: EditDraft) -> list[FieldChange]:
    """What ``draft`` changes in the unbound ``form`` (the record as stored, or a new
    record's initial values), field by field in the form's order."""
    form_class: Any = type(form)  # a ModelForm: it takes the instance
    bound = form_class(
        data=as_form_data(draft),
        files=None,
        instance=getattr(form, "instance", None),
        initial=form.initial,
    )
    # A field of several inputs (a date and a time) is named by its own name plus "_0", "_1".
    drafted = {*draft.names, *(re.sub(r"_\d+$", "", name) for name in draft.names)}
    result = []
    for name in bound.changed_data:
        if name in NOT_COMPARED or name not in drafted or name not in form.fields:
            continue
        before, after = form[name], bound[name]
        change = describe(name, before.label, form.fields[name], before.value(), after.value())
        if change is not None:
            result.append(change)
    return result


def describe(
    name: str, label: Any, form_field: forms.Field, before: Any, after: Any
) -> FieldChange | None:
    if is_text(form_field):
        old, new = plain_text(before), plain_text(after)
        if old == new:  # only the markup differs (the editor's normal form of the same text)
            return None
        return FieldChange(name=name, label=str(label), segments=word_diff(old, new))
    old, new = shown_value(form_field, before), shown_value(form_field, after)
    if old == new:
        return None
    return FieldChange(name=name, label=str(label), before=old, after=new)


def is_text(form_field: forms.Field) -> bool:
    return isinstance(form_field, forms.CharField) and not isinstance(
        form_field.widget, forms.HiddenInput | forms.Select
    )


def plain_text(value: Any) -> str:
    text = html.unescape(
        strip_tags(re.sub(r"<(br|/p|/h\d|/li)\b[^>]*>", " \\g<0>", str(value or "")))
    )
    return " ".join(text.split())


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The words removed and added, with a few unchanged words around each change."""
    old, new = before.split(), after.split()
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = old[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * CONTEXT_WORDS or ((first or last) and len(words) > CONTEXT_WORDS):
                head = [] if first else words[:CONTEXT_WORDS]
                tail = [] if last else words[-CONTEXT_WORDS:]
                text = " ".join([*head, "…", *tail])
            else:
                text = " ".join(words)
            segments.append(("same", text))
            continue
        if i2 > i1:
            segments.append(("del", " ".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("ins", " ".join(new[j1:j2])))
    return segments


def shown_value(form_field: forms.Field, value: Any) -> str:
    """A value as the editor reads it: a choice's label, a related record's name."""
    values = value if isinstance(value, list | tuple) else [value]
    values = [item for item in values if item not in (None, "")]
    if not values:
        return "—"
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        named: dict[str, str] = {}
        if form_field.queryset is not None:
            keys = [getattr(item, "pk", item) for item in values]
            try:
                named = {str(obj.pk): str(obj) for obj in form_field.queryset.filter(pk__in=keys)}
            except (ValueError, TypeError, ValidationError):
                named = {}
        return ", ".join(named.get(str(getattr(item, "pk", item)), str(item)) for item in values)
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        return gettext("yes") if form_field.to_python(value) else gettext("no")
    choices = getattr(form_field, "choices", None)
    if choices is not None:
        labels = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return ", ".join(formatted(item) for item in values)


def formatted(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return str(formats.localize(value))
    if isinstance(value, datetime.date):
        return str(formats.localize(value))
    return str(value)
