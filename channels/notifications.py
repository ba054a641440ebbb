"""The editors' notifications: who is told what when an article moves through review.

news sends its signals inside the transaction of the change; the mail task is enqueued only
once that transaction commits, so a change rolled back tells nobody.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from channels.digest import deliver, with_digest_choice
from channels.mail import Refusals, absolute
from channels.models import Kind, NotificationPreference, audience
from news import signals
from news.models import Article
from portal.models import AuditEvent

SUBJECTS = {
    Kind.REVIEW_REQUESTED: _("For review: «%(title)s»"),
    Kind.SENT_BACK: _("Your article «%(title)s» is sent back"),
    Kind.PUBLISHED: _("Your article «%(title)s» is published"),
}
SCHEDULED_SUBJECT = _("Your article «%(title)s» is scheduled")


def connect():
    signals.article_submitted.connect(
        partial(_enqueue, Kind.REVIEW_REQUESTED), weak=False, dispatch_uid="channels-submitted"
    )
    signals.article_sent_back.connect(
        partial(_enqueue, Kind.SENT_BACK), weak=False, dispatch_uid="channels-sent-back"
    )
    signals.article_published.connect(
        partial(_enqueue, Kind.PUBLISHED), weak=False, dispatch_uid="channels-published"
    )


def _enqueue(kind, sender, *, event, **kwargs):
    from channels.tasks import notify

    transaction.on_commit(partial(notify.enqueue, str(kind), event.pk))


def reachable(users, kind):
    """Of ``users``, the active ones with an address who can receive ``kind`` (see
    ``channels.models.audience``) and have not switched it off, with ``wants_digest`` (a
    daily digest instead of separate mails)."""
    off = NotificationPreference.objects.switched_off(kind).values("user")
    users = audience(users, kind).filter(is_active=True).exclude(email="").exclude(pk__in=off)
    return with_digest_choice(users)


def recipients(kind, article: Article, event: AuditEvent):
    users = get_user_model().objects.all()
    if kind != Kind.REVIEW_REQUESTED:  # those who review get the review requests
        users = users.filter(pk=article.created_by_id)
    return reachable(users, kind).exclude(pk=event.actor_id).order_by("pk")


def send(kind, event_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(Kind(kind), event_id)


def _send(kind: Kind, event_id: int) -> int:
    event = AuditEvent.objects.filter(pk=event_id).first()
    article = event and Article.objects.filter(pk=event.object_id).first()
    if article is None:
        return 0  # deleted meanwhile: nothing to tell
    scheduled = event.action == AuditEvent.Action.SCHEDULED
    subject = (SCHEDULED_SUBJECT if scheduled else SUBJECTS[kind]) % {"title": article.title}
    context = {
        "article": article,
        "event": event,
        "actor": (event.actor and event.actor.get_full_name()) or event.actor_name or "—",
        "scheduled": scheduled,
        "review_url": absolute(reverse("admin:news_article_change", args=[article.pk])),
        "public_url": absolute(article.get_absolute_url()),
        "preferences_url": absolute(reverse("channels:preferences")),
    }
    sent, refusals = 0, Refusals()
    for user in recipients(kind, article, event):
        with refusals.each():
            sent += deliver(
                user,
                kind=kind,
                occasion=f"auditevent:{event.pk}",
                name=kind.value,
                subject=subject,
                context={**context, "recipient": user},
            )
    refusals.raise_first()
    return sent
