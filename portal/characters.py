"""Text without the characters XML 1.0 forbids, kept out on input and again on output.

Our own few lines rather than a library: the rule is one regular expression (XML 1.0 § 2.2),
and Django's feed writer refuses (HTTP 500) the very characters it matches.
"""

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.apps import apps
from django.db.models import CharField, Field, Model, TextField
from django.db.models.signals import pre_save

# Word's manual line break (U+000B) and the form feed separate text: they become a line
# break in multi-line fields and a space in single-line ones rather than gluing words.
_SEPARATORS = re.compile("[\x0b\x0c]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

_T = TypeVar("_T")


def xml_safe(value: _T, *, multiline: bool = True) -> _T:
    """``value`` without the characters XML 1.0 forbids (anything not a str is returned)."""
    if not isinstance(value, str) or not _FORBIDDEN.search(value):
        return value
    cleaned = _SEPARATORS.sub("\n" if multiline else " ", value)
    return cast(_T, _FORBIDDEN.sub("", cleaned))


OUR_APPS = {"portal", "news", "partnerships"}


def normalise_text_fields() -> None:
    """Every CharField and TextField (rich text included) of our models loses the characters
    XML forbids: when a form or ``full_clean()`` cleans it, so that uniqueness is checked on
    the text that will be stored, and again on every save, whoever saves."""
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS:
            for field in _text_fields(model):
                # Each field's own cleaning, wrapped on the instance: what this module is for.
                wrapped = _xml_safe_after(field.to_python, _is_multiline(field))
                field.to_python = wrapped  # type: ignore[method-assign, assignment]
    pre_save.connect(_clean_text_fields, dispatch_uid="portal-xml-safe-text")


def _text_fields(model: type[Model]) -> list[Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, CharField | TextField)]


def _is_multiline(field: Field[Any, Any]) -> bool:
    return isinstance(field, TextField)


def _xml_safe_after(to_python: Callable[[Any], Any], multiline: bool) -> Callable[[Any], Any]:
    def to_python_xml_safe(value: Any) -> Any:
        return xml_safe(to_python(value), multiline=multiline)

    return to_python_xml_safe


def _clean_text_fields(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if sender._meta.app_label not in OUR_APPS:
        return
    for field in _text_fields(sender):
        value = getattr(instance, field.attname)
        setattr(instance, field.attname, xml_safe(value, multiline=_is_multiline(field)))
