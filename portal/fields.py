from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from django_ckeditor_5.widgets import CKEditor5Widget

from portal import hooks
from portal.sanitize import MAX_NESTING, nesting_depth, sanitize_html, undescribed_images


def validate_nesting(value: str) -> None:
    """Markup nested deeper than real text ever is would be stored flattened to plain text."""
    if nesting_depth(value) > MAX_NESTING:
        raise ValidationError(
            _(
                "The text is nested too deeply: more than %(limit)s levels of formatting inside "
                "one another. Paste it as plain text and format it again."
            ),
            code="rich_text_too_deep",
            params={"limit": MAX_NESTING},
        )


def validate_image_descriptions(value: str) -> None:
    """Every image in rich text needs alt text: readers who cannot see it get the description."""
    missing = undescribed_images(value)
    if missing:
        raise ValidationError(
            _(
                "Describe every image in the text for readers who cannot see it: click the "
                "image and use «Change image text alternative» in its toolbar. Images without "
                "a description: %(images)s"
            ),
            code="image_without_alt",
            params={"images": ", ".join(src.rsplit("/", 1)[-1] or "?" for src in missing)},
        )


class RichTextWidget(CKEditor5Widget):
    """CKEditor 5 with the link picker under it: editors find a page of the site by its words
    and link the selected text to it (``static/portal/link_picker.js``, which builds the picker
    from the texts given here; ``portal.views.editor_link_search`` finds the pages). Where an
    app offers images (``hooks.EDITOR_IMAGE_CHOOSERS``: the library), an image picker too
    (``static/portal/image_picker.js``): a found image goes into the text with its alt text."""

    class Media:
        js = ["portal/editor_pickers.js", "portal/link_picker.js", "portal/image_picker.js"]

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        editor = super().render(name, value, attrs, renderer)
        picker = format_html(
            '<div class="link-picker" hidden data-link-picker-for="{}" data-search-url="{}" '
            'data-label="{}" data-help="{}" data-searching="{}" data-failed="{}" '
            'data-results-label="{}"></div>',
            (attrs or {}).get("id", ""),
            reverse("portal:editor-link-search"),
            _("Link to a page of this site"),
            _(
                "Type a few words of its title: news, agreements, events, partners, pages and "
                "documents that readers can open are found. Choosing one links the words "
                "selected in the text to it, or inserts its title as a link."
            ),
            _("Searching…"),
            _("The search failed. Try again."),
            _("Pages found"),
        )
        return editor + picker + self.image_picker((attrs or {}).get("id", ""))

    @staticmethod
    def image_picker(editor_id: str) -> SafeString:
        choosers = hooks.get_hooks(hooks.EDITOR_IMAGE_CHOOSERS)
        if not choosers:
            return SafeString("")
        return format_html(
            '<div class="image-picker" hidden data-image-picker-for="{}" data-search-url="{}" '
            'data-label="{}" data-help="{}" data-searching="{}" data-failed="{}" '
            'data-results-label="{}" data-insert="{}"></div>',
            editor_id,
            choosers[0](),
            _("Put an image of the library into the text"),
            _(
                "Type words of its title, description, caption, author or tags, or leave the "
                "box empty for the newest. The image goes where the cursor is, with its "
                "description from the library."
            ),
            _("Searching…"),
            _("The search failed. Try again."),
            _("Images found"),
            _("Put into the text"),
        )


class RichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitised against the allow-list every time it is saved; every
    image in it must have alt text (checked by forms, e.g. the admin)."""

    default_validators = [validate_nesting, validate_image_descriptions]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(
            **{"widget": RichTextWidget(config_name=self.config_name), **kwargs}
        )

    def pre_save(self, model_instance: Model, add: bool) -> str:
        clean = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, clean)
        return clean


def choice_label(choices: type[models.Choices], value: Any) -> Any:
    """The label of ``value`` among ``choices``, as ``get_FOO_display()`` gives it.

    For the display methods of fields shown once per row of a public list: Django's rebuilds
    a dict of every translated label of the field on each call (an event's kind, 70 times
    on the events page). A value that is not among the choices is shown as it is, as there.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value
