from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

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


class RichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitised against the allow-list every time it is saved; every
    image in it must have alt text (checked by forms, e.g. the admin)."""

    default_validators = [validate_nesting, validate_image_descriptions]

    def pre_save(self, model_instance: Model, add: bool) -> str:
        clean = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, clean)
        return clean
