"""The daily digest: for staff who chose it, notifications are collected instead of mailed,
and the daily check sends each of them one mail with everything collected since the last.

Collecting is recorded in ``SentMessage`` as sending is, so a notification goes either into
one mail or into one digest, once, whatever runs again. The digest of a day is recorded too
(``digest:<date>``): a re-run that day sends nothing, and what is collected after the
day's digest waits for the next one.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from channels.mail import Refusals, absolute, content_text, record_once, render, send_once
from channels.models import DigestChoice, DigestItem, NotificationPreference

DIGEST = "digest"


def with_digest_choice(users):
    """Annotate ``wants_digest`` on a user queryset."""
    chosen = DigestChoice.objects.filter(user=OuterRef("pk"), daily=True)
    return users.annotate(wants_digest=Exists(chosen))


def deliver(user, *, kind: str, occasion: str, name: str, subject, context: dict) -> bool:
    """Mail ``user`` about ``occasion`` now, or put it into their digest if they chose one
    (``user.wants_digest``, see ``with_digest_choice``); False if it was done before."""
    if not getattr(user, "wants_digest", False):
        return send_once(
            kind=kind,
            occasion=occasion,
            to=user.email,
            name=name,
            subject=subject,
            context=context,
        )
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        if not record_once(kind=kind, occasion=occasion, to=user.email):
            return False
        DigestItem.objects.create(
            user=user,
            kind=kind,
            occasion=occasion,
            subject=str(subject),
            text=content_text(name, {**context, "recipient": user}),
        )
    return True


def send_digests(day: datetime.date) -> int:
    """Send each active user with collected notifications their digest for ``day``;
    returns how many digests were sent. Items of users who left are dropped."""
    users = get_user_model().objects.filter(pk__in=DigestItem.objects.values("user").distinct())
    sent, refusals = 0, Refusals()
    for user in users.order_by("pk"):
        if not user.is_active or not user.email:
            DigestItem.objects.filter(user=user).delete()
            continue
        with refusals.each():
            sent += _send_digest(user, day)
    refusals.raise_first()
    return sent


def _send_digest(user, day: datetime.date) -> bool:
    off = NotificationPreference.objects.filter(user=user, enabled=False).values("kind")
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        DigestItem.objects.filter(user=user, kind__in=off).delete()
        items = list(DigestItem.objects.filter(user=user).select_for_update())
        if not items or not record_once(kind=DIGEST, occasion=f"digest:{day}", to=user.email):
            return False
        count = len(items)
        subject = ngettext(
            "Daily digest: %(count)d notification", "Daily digest: %(count)d notifications", count
        ) % {"count": count}
        context = {
            "items": items,
            "day": day,
            "recipient": user,
            "preferences_url": absolute(reverse("channels:preferences")),
        }
        render(DIGEST, subject, user.email, context).send()
        DigestItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return True
