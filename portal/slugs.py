"""Addresses from Russian names: one transliteration (python-slugify) for models, admin and
demo alike. The admin's own JavaScript (URLify) transliterates differently and fills in a
taken address, so the admin leaves the slug empty and the model makes it here."""

from typing import TYPE_CHECKING, Any

from django.db.models import Model
from slugify import slugify

SLUG_MAX_LENGTH = 100


def transliterate(source: str) -> str:
    """``source`` in Latin letters, cut at a word boundary, leaving room for a ``-N`` suffix."""
    return slugify(source, max_length=SLUG_MAX_LENGTH - 4, word_boundary=True, save_order=True)


def unique_slug(instance: Model, source: str, field: str = "slug") -> str:
    """A slug transliterated from Russian ``source``, made unique among ``instance``'s model."""
    base = transliterate(source) or "item"
    if base.isdigit():
        # An all-digit slug would be taken for a year or an id in URLs such as /news/2024/.
        base = f"{base}-{type(instance)._meta.model_name}"
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    candidate, number = base, 2
    while others.filter(**{field: candidate}).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# For the type checker the mixin is what it is mixed into, a model.
if TYPE_CHECKING:
    _MixedInto = Model
else:
    _MixedInto = object


class SlugOnSaveMixin(_MixedInto):
    """For a model with a ``slug``: an empty one is made on save from ``slug_source()`` (the
    name, unless the model says otherwise); so is one among ``reserved_slugs`` (the
    addresses of other pages under the same prefix)."""

    reserved_slugs: tuple[str, ...] = ()
    slug: str
    name: str

    def slug_source(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug or self.slug in self.reserved_slugs:
            slug = unique_slug(self, self.slug_source())
            self.slug = f"{slug}-1" if slug in self.reserved_slugs else slug
        super().save(*args, **kwargs)
