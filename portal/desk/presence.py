"""Who has a record's change form open: each open form beats every few seconds, and an
editor counts as present until ``present_for()`` seconds after their last beat.

The beats of one record are one entry of the site's cache (Redis in production), a map of
user → name and time, written over by each beat. Two beats at the same instant may lose one
of them; the next beat, seconds later, puts it back. With the cache down nobody is shown.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def present_for() -> int:
    """Seconds an editor counts as present after their last beat: two beats missed and a
    margin (40 s at the default beat of 15 s, well within a minute)."""
    return 2 * settings.DESK_HEARTBEAT_SECONDS + 10


def short_name(user: "AbstractBaseUser | AnonymousUser") -> str:
    """«Иванова И.»: the surname and the first name's initial, as Russian offices write."""
    last = getattr(user, "last_name", "").strip()
    first = getattr(user, "first_name", "").strip()
    if last and first:
        return f"{last} {first[0]}."
    return last or first or user.get_username()


def _key(obj: models.Model) -> str:
    return f"desk:presence:{obj._meta.label_lower}:{obj.pk}"


def _present(obj: models.Model, now: float) -> dict[str, dict[str, Any]]:
    entries = cache.get(_key(obj))
    if not isinstance(entries, dict):
        return {}
    return {
        user_id: entry
        for user_id, entry in entries.items()
        if isinstance(entry, dict) and now - entry.get("at", 0) < present_for()
    }


def beat(obj: models.Model, user: "AbstractBaseUser | AnonymousUser") -> list[str]:
    """Note that ``user`` has ``obj`` open; the others who have it open, by name."""
    now = timezone.now().timestamp()
    entries = _present(obj, now)
    entries[str(user.pk)] = {"name": short_name(user), "at": now}
    cache.set(_key(obj), entries, present_for() * 2)
    return others(entries, user)


def leave(obj: models.Model, user: "AbstractBaseUser | AnonymousUser") -> None:
    entries = _present(obj, timezone.now().timestamp())
    if entries.pop(str(user.pk), None) is not None:
        cache.set(_key(obj), entries, present_for() * 2)


def others(
    entries: dict[str, dict[str, Any]], user: "AbstractBaseUser | AnonymousUser"
) -> list[str]:
    return sorted(
        str(entry.get("name", "")) for user_id, entry in entries.items() if user_id != str(user.pk)
    )
