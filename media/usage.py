"""Where a library image is used: the records that refer to it, and rich text that shows it.

Found by introspection (the relations pointing at ``Image`` and every ``RichTextField``), so
the library imports none of the apps that use it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal.fields import RichTextField


@dataclass(frozen=True)
class Use:
    kind: str  # the verbose name of what uses the image: «статья», «фото мероприятия»…
    label: str
    admin_url: str

    def as_html(self) -> SafeString:
        if self.admin_url:
            return format_html('{}: <a href="{}">{}</a>', self.kind, self.admin_url, self.label)
        return format_html("{}: {}", self.kind, self.label)


def _admin_url(obj: models.Model) -> str:
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


def _shown(obj: models.Model) -> models.Model:
    """A gallery photo is shown as the article or event it belongs to (``usage_owner``)."""
    owner = getattr(type(obj), "usage_owner", None)
    return getattr(obj, owner) if owner else obj


def uses(image) -> list[Use]:
    """Every use of ``image``: referring records first, then rich text showing its file."""
    found = []
    for relation in image._meta.related_objects:  # the foreign keys pointing at images
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        referring = model._default_manager.filter(**{relation.field.name: image})
        owner = getattr(model, "usage_owner", None)
        if owner:
            referring = referring.select_related(owner)
        for obj in referring.order_by("pk"):
            found.append(_use(obj, model))
    if image.file:
        found.extend(text_uses(image.file.name))
    return found


def _use(obj: models.Model, model) -> Use:
    shown = _shown(obj)
    return Use(str(model._meta.verbose_name), str(shown), _admin_url(shown))


def rich_text_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField)
    ]


def text_uses(file_name: str) -> list[Use]:
    """Records whose rich text shows the file (by its name in storage, part of every URL of
    it, absolute or not)."""
    found = []
    for model, field in rich_text_fields():
        for obj in model._default_manager.filter(**{f"{field}__contains": file_name}).order_by(
            "pk"
        ):
            found.append(_use(obj, model))
    return found
