"""From a publication to the subscribers' mailboxes, outside the editor's request.

Publishing enqueues one task (``announce_article`` / ``announce_event``). That task makes the
item's ``Announcement`` — once: publishing again, or editing, finds it and mails nobody —
and, in the same transaction, one ``Delivery`` per matching subscriber in bulk, then one
sending task per ``BATCH`` immediate deliveries. Daily subscribers' deliveries wait for the
next daily digest: ``send_digest`` is one of the ``DAILY_TASKS`` (``hooks.py``), claimed once
a Moscow date by ``portal.periodic`` like the staff's reminders and digest.
A mail is sent in the transaction that marks its delivery sent: a task run again (an SMTP
failure retried, a worker killed) sends only what is still unsent.
"""

import datetime
from itertools import islice

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from channels.mail import Pacer, Refusals, absolute
from channels.subscriptions import mailing
from channels.subscriptions.models import (
    Announcement,
    Delivery,
    Frequency,
    Subscriber,
)
from news.models import Article
from partnerships.models import Event
from portal.models import AuditEvent

INSERT_BATCH = 1000


def batched(iterable, size):
    """``itertools.batched`` of Python 3.12, as lists."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def announce_article(article_id: int, event_id: int) -> int:
    """Owe the article to its subscribers if it is public now and was new news when the audit
    entry ``event_id`` was made (not an old archive imported or a date set in the past)."""
    article = Article.objects.filter(pk=article_id).first()
    event = AuditEvent.objects.filter(pk=event_id).first()
    if article is None or event is None or not article.is_public:
        return 0  # withdrawn, deleted, or moved later (that move enqueued its own task)
    if not is_news(article, event):
        return 0
    return _announce(Announcement(article=article), Subscriber.objects.following_article(article))


def is_news(article: Article, event: AuditEvent) -> bool:
    """Was the article new when it was published (``event``), not an old one imported?"""
    fresh = datetime.timedelta(hours=settings.SUBSCRIPTIONS_FRESH_HOURS)
    return article.publish_at >= event.created_at - fresh


def announce_event(event_id: int) -> int:
    """Owe a public event that is still to come to its subscribers."""
    event = Event.objects.select_related("agreement").filter(pk=event_id).first()
    if event is None or not event.is_public or not event.is_upcoming:
        return 0
    return _announce(Announcement(event=event), Subscriber.objects.following_event(event))


def _announce(announcement: Announcement, subscribers) -> int:
    from channels.subscriptions.tasks import send_deliveries

    with transaction.atomic():
        item = (
            {"article": announcement.article_id}
            if announcement.article_id
            else {"event": announcement.event_id}
        )
        if Announcement.objects.filter(**item).exists():
            return 0
        announcement.save()
        owed = 0
        for frequency in Frequency:
            ids = (
                subscribers.filter(frequency=frequency).order_by("pk").values_list("pk", flat=True)
            )
            for chunk in batched(ids.iterator(chunk_size=INSERT_BATCH), INSERT_BATCH):
                made = Delivery.objects.bulk_create(
                    [Delivery(announcement=announcement, subscriber_id=pk) for pk in chunk]
                )
                owed += len(made)
                if frequency == Frequency.IMMEDIATE:
                    for batch in batched((d.pk for d in made), settings.SUBSCRIPTIONS_BATCH):
                        send_deliveries.enqueue(batch)
        return owed


def entry(item) -> dict:
    """What a mail says about an article or an event."""
    if isinstance(item, Article):
        kind, summary = item.rubric.name, item.lead
    else:
        kind, summary = _("Event, %(dates)s") % {"dates": item.dates_display}, item.summary
    return {
        "title": item.title,
        "summary": summary,
        "url": absolute(item.get_absolute_url()),
        "kind": kind,
    }


def _items_of(deliveries):
    return deliveries.select_related(
        "subscriber", "announcement__article__rubric", "announcement__event__agreement"
    )


def send_deliveries(delivery_ids: list[int]) -> int:
    """Mail each of these deliveries that is still unsent, over one SMTP connection."""
    pending = _items_of(Delivery.objects.filter(pk__in=delivery_ids, sent_at__isnull=True))
    sent, refusals, pacer = 0, Refusals(), Pacer(settings.SUBSCRIPTIONS_MAIL_RATE)
    mails: dict[int, mailing.ItemsMail | None] = {}  # by announcement: rendered once
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for delivery in pending:
            pacer.wait()
            with refusals.each(), transaction.atomic():
                claimed = Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
                    sent_at=timezone.now()
                )
                if not claimed:
                    continue  # sent meanwhile by another run
                if delivery.announcement_id not in mails:
                    item = delivery.announcement.item
                    # Expired or withdrawn since it was owed: settled, never mailed.
                    mails[delivery.announcement_id] = (
                        mailing.ItemsMail(item.title, [entry(item)]) if item.is_public else None
                    )
                prepared = mails[delivery.announcement_id]
                if prepared is None:
                    continue
                mail = prepared.to(delivery.subscriber)
                mail.connection = connection
                mail.send()
                sent += 1
    refusals.raise_first()
    return sent


def send_digest(date: datetime.date) -> int:
    """Split the digest of ``date`` into batches of subscribers waiting for one (the daily
    task: everything owed since a subscriber's last digest)."""
    from channels.subscriptions.tasks import send_digest_batch

    waiting = (
        Subscriber.objects.filter(frequency=Frequency.DAILY, deliveries__sent_at__isnull=True)
        .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=date))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batches = 0
    for batch in batched(waiting.iterator(), settings.SUBSCRIPTIONS_BATCH):
        send_digest_batch.enqueue(date.isoformat(), batch)
        batches += 1
    return batches


def send_digest_batch(date: datetime.date, subscriber_ids: list[int]) -> int:
    """One digest each for these subscribers, with what they are owed; at most one a date."""
    subscribers = Subscriber.objects.filter(pk__in=subscriber_ids).order_by("pk")
    sent, refusals, pacer = 0, Refusals(), Pacer(settings.SUBSCRIPTIONS_MAIL_RATE)
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        subject = _("News of %(date)s") % {"date": formats.date_format(date, "j E Y")}
        for subscriber in subscribers:
            pacer.wait()
            with refusals.each(), transaction.atomic():
                owed = list(_items_of(subscriber.deliveries.filter(sent_at__isnull=True)))
                first_today = Subscriber.objects.filter(pk=subscriber.pk).filter(
                    Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=date)
                )
                if not owed or not first_today.update(last_digest_on=date):
                    continue
                Delivery.objects.filter(pk__in=[d.pk for d in owed]).update(sent_at=timezone.now())
                # What expired or was withdrawn since it was owed is settled, never mailed.
                entries = [
                    entry(d.announcement.item) for d in owed if d.announcement.item.is_public
                ]
                if not entries:
                    continue
                mail = mailing.items(subscriber, subject, entries)
                mail.connection = connection
                mail.send()
                sent += 1
    refusals.raise_first()
    return sent
