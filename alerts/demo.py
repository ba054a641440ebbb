"""The demo's example banner: unpublished, so the demo site shows none until someone (the duty
officer «dezhurny») publishes it."""

from django.db.models import Model
from django.utils.translation import gettext as _

from alerts.models import Banner

EXAMPLE = {
    "severity": Banner.Severity.WARNING,
    "text": (
        "Плановое отключение холодной воды в квартале Молодёжный 5 декабря с 9:00 до 17:00. "
        "Подвоз питьевой воды — у школы № 14."
    ),
    "link_url": "https://alchevsk.example/",
    "link_text": "Адреса и график подвоза",
}


def load(new: set[Model] | None = None) -> str:
    """Add the example banner once; an existing one is left as editors left it. A new one is
    added to ``new``, the records created by this run of the demo."""
    banner, created = Banner.objects.get_or_create(
        text=EXAMPLE["text"], defaults={**EXAMPLE, "is_published": False}
    )
    if created:
        if new is not None:
            new.add(banner)
        return _("an unpublished example banner")
    return _("the example banner left as it was")
