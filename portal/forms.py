import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from portal import search, typography
from portal.models import SiteSettings

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class QueryField(forms.CharField):
    """Never invalid: whatever was typed is cleaned and cut to the longest query searched."""

    def to_python(self, value: Any) -> str:
        return search.clean_query(super().to_python(value))


class DateFilterField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_validators = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]


class WrittenOutSelect(forms.Select):
    """Django's ``<select>``, the same markup written out in Python rather than through the
    widget templates, which render two templates for each option: the filters of the
    register and the events page (60 options) took a sixth of those pages' time so.
    Choices in groups are left to Django."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = [("" if option is None else option, label) for option, label in self.choices]
        if any(isinstance(label, list | tuple) for _option, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options, any_selected = [], False
        for option, label in choices:
            # As Django: a single select marks only the first option of its value.
            selected = str(option) in wanted and (self.allow_multiple_selected or not any_selected)
            any_selected |= selected
            options.append((str(option), " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search for"),
        required=False,
        widget=forms.SearchInput(attrs={"maxlength": search.MAX_QUERY_LENGTH}),
    )
    type = forms.ChoiceField(label=_("Show"), required=False)
    date_from = DateFilterField(label=_("From"), required=False)
    date_to = DateFilterField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [
            ("", _("Everything")),
            *((provider.kind, provider.label) for provider in search.registry.providers()),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = cast(dict[str, Any], super().clean())  # Form.clean: the cleaned data
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    @property
    def kinds(self) -> list[str]:
        kind = getattr(self, "cleaned_data", {}).get("type")
        return [kind] if kind else []


if TYPE_CHECKING:
    _FormBase = forms.ModelForm
else:
    _FormBase = object


class TypographyFormMixin(_FormBase):
    """A model form whose texts are typeset (``portal.typography``) when it is cleaned, if the
    site settings say so: before the other checks of ``clean()``, so they see the text that
    will be stored. ``typeset_fields`` names the plain-text fields, ``typeset_html_fields``
    the rich-text ones."""

    typeset_fields: tuple[str, ...] = ()
    typeset_html_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any] | None:
        if SiteSettings.get_solo().typography:
            for names, typeset in (
                (self.typeset_fields, typography.typeset),
                (self.typeset_html_fields, typography.typeset_html),
            ):
                for name in names:
                    if isinstance(self.cleaned_data.get(name), str):
                        self.cleaned_data[name] = typeset(self.cleaned_data[name])
        return super().clean()
