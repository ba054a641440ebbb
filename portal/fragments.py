"""List entries rendered once and kept in the cache, each under its record's own version.

Our own over Django's ``{% cache %}`` tag: that one asks the cache once per fragment (70 round
trips to Redis on the events page); this asks once for the whole list, with ``get_many``.

An entry is kept under what it shows: its record's ``pk``, ``version`` and ``updated_at``
(every save moves them; restoring a revision brings back the state, and the rendering, they
were kept for), the Moscow date (an «upcoming» badge), the language and the template's source.
A publish elsewhere on the site leaves the entry as it is, so the first reader after it
renders only what changed. Nothing is kept while a transaction is open: what it reads there
may be rolled back.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

# A day: the date is in every key, so an entry is never wanted after its day.
FRAGMENT_TIMEOUT = 24 * 60 * 60


def template_fingerprint(template: Any) -> str:
    """A hash of the template's source: a new release (or, in development, an edit the
    template loader reloads) keeps no entry of the old one."""
    source = template.template.source
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


def record_state(record: Any) -> str | None:
    """``pk``, ``version`` and ``updated_at`` of a saved record; None for an unsaved one."""
    if record.pk is None:
        return None
    return f"{record.pk}.{record.version}.{record.updated_at.timestamp()}"


def render_entries(
    template_name: str,
    records: Iterable[Any],
    context_of: Callable[[Any], dict[str, Any]],
    variant: str = "",
) -> SafeString:
    """The entries of ``records``, each ``template_name`` rendered with ``context_of(record)``
    (a context of its own, as ``{% include … only %}``), joined; ``variant`` names what else
    the context holds that changes the entry."""
    records = list(records)
    template = get_template(template_name)
    prefix = ":".join(
        (
            "fragment",
            template_name,
            template_fingerprint(template),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            variant,
        )
    )
    keys = [
        f"{prefix}:{state}" if (state := record_state(record)) is not None else None
        for record in records
    ]
    keeping = not transaction.get_connection().in_atomic_block
    found = cache.get_many([key for key in keys if key]) if keeping else {}
    rendered, new = [], {}
    for record, key in zip(records, keys, strict=True):
        entry = found.get(key) if key else None
        if entry is None:
            entry = template.render(context_of(record))
            if key:
                new[key] = entry
        rendered.append(entry)
    if new and keeping:
        cache.set_many(new, FRAGMENT_TIMEOUT)
    return mark_safe("".join(rendered))  # each entry is the template's own, escaped output
