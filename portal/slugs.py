from slugify import slugify

SLUG_MAX_LENGTH = 100


def unique_slug(instance, source: str, field: str = "slug") -> str:
    """A slug transliterated from Russian ``source``, made unique among ``instance``'s model."""
    base = slugify(source, max_length=SLUG_MAX_LENGTH - 4, word_boundary=True) or "item"
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    candidate, number = base, 2
    while others.filter(**{field: candidate}).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate
