"""The subscriptions' tasks; each is safe to run again (see ``delivery``)."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from channels.subscriptions import delivery, mailing
from channels.subscriptions.links import CONFIRM_SALT, confirm_url
from channels.subscriptions.models import ConfirmationRequest


@task()
def send_confirmation(request_id: int, token: str) -> bool:
    """Mail the confirmation link, unless this request was mailed already. The address is
    read from the link, so the queue's rows do not show it."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        claimed = ConfirmationRequest.objects.filter(pk=request_id, mailed_at__isnull=True)
        if not claimed.update(mailed_at=timezone.now()):
            return False
        email = signing.loads(token, salt=CONFIRM_SALT)["e"]
        mailing.confirmation(email, confirm_url(token)).send()
    return True


@task()
def announce_article(article_id: int, event_id: int) -> int:
    return delivery.announce_article(article_id, event_id)


@task()
def announce_event(event_id: int) -> int:
    return delivery.announce_event(event_id)


@task()
def send_deliveries(delivery_ids: list[int]) -> int:
    return delivery.send_deliveries(delivery_ids)


@task()
def send_digest(date: str) -> int:
    """The residents' daily digest of ``date`` (an ISO date, Moscow): a ``DAILY_TASKS`` hook,
    enqueued once a day by ``portal.periodic``."""
    return delivery.send_digest(datetime.date.fromisoformat(date))


@task()
def send_digest_batch(date: str, subscriber_ids: list[int]) -> int:
    return delivery.send_digest_batch(datetime.date.fromisoformat(date), subscriber_ids)
