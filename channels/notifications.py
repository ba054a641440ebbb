"""The editors' notifications: who is told what when an article or a page moves through review.

news and pages send their signals (the portal's workflow) inside the transaction of the
change; the mail task is enqueued only once that transaction commits, so a change rolled back
tells nobody. The mail names the record in its own words: each reviewed model has its
subjects and its templates (``mail/<kind>.txt`` for articles, ``mail/page_<kind>.txt``).
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from channels.digest import deliver, with_digest_choice
from channels.mail import Refusals, absolute
from channels.models import Kind, NotificationPreference, audience, holding
from news import signals as news_signals
from news.models import Article
from pages import signals as pages_signals
from pages.models import Page
from portal.models import AuditEvent


@dataclass(frozen=True)
class Reviewed:
    """How the mails speak of one reviewed model."""

    model: type[Model]
    subjects: dict[Kind, str | Promise]
    scheduled_subject: str | Promise
    template_prefix: str  # before the kind's name: the mail's templates
    reviewers: str  # the permission of those who get its review requests
    context_name: str  # the record's name in the templates


ARTICLES = Reviewed(
    Article,
    subjects={
        Kind.REVIEW_REQUESTED: _("For review: «%(title)s»"),
        Kind.SENT_BACK: _("Your article «%(title)s» is sent back"),
        Kind.PUBLISHED: _("Your article «%(title)s» is published"),
    },
    scheduled_subject=_("Your article «%(title)s» is scheduled"),
    template_prefix="",
    reviewers="news.publish_article",
    context_name="article",
)
PAGES = Reviewed(
    Page,
    subjects={
        Kind.REVIEW_REQUESTED: _("Page for review: «%(title)s»"),
        Kind.SENT_BACK: _("Your page «%(title)s» is sent back"),
        Kind.PUBLISHED: _("Your page «%(title)s» is published"),
    },
    scheduled_subject=_("Your page «%(title)s» is scheduled"),
    template_prefix="page_",
    reviewers="pages.publish_page",
    context_name="page",
)
REVIEWED = (ARTICLES, PAGES)


def connect():
    for signals, prefix in (
        ((news_signals.article_submitted, news_signals.article_sent_back), "channels"),
        ((pages_signals.page_submitted, pages_signals.page_sent_back), "channels-pages"),
    ):
        submitted, sent_back = signals
        submitted.connect(
            partial(_enqueue, Kind.REVIEW_REQUESTED),
            weak=False,
            dispatch_uid=f"{prefix}-submitted",
        )
        sent_back.connect(
            partial(_enqueue, Kind.SENT_BACK), weak=False, dispatch_uid=f"{prefix}-sent-back"
        )
    news_signals.article_published.connect(
        partial(_enqueue, Kind.PUBLISHED), weak=False, dispatch_uid="channels-published"
    )
    pages_signals.page_published.connect(
        partial(_enqueue, Kind.PUBLISHED), weak=False, dispatch_uid="channels-pages-published"
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


def recipients(kind, record, event: AuditEvent, reviewed: Reviewed = ARTICLES):
    users = get_user_model().objects.all()
    if kind == Kind.REVIEW_REQUESTED:  # those who review this kind of record
        users = holding(users, reviewed.reviewers)
    else:  # its author
        users = users.filter(pk=record.created_by_id)
    return reachable(users, kind).exclude(pk=event.actor_id).order_by("pk")


def send(kind, event_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return _send(Kind(kind), event_id)


def _reviewed(event: AuditEvent) -> Reviewed | None:
    model = event.content_type.model_class()
    return next((reviewed for reviewed in REVIEWED if reviewed.model is model), None)


def _send(kind: Kind, event_id: int) -> int:
    event = AuditEvent.objects.select_related("content_type").filter(pk=event_id).first()
    reviewed = event and _reviewed(event)
    record = reviewed and reviewed.model.objects.filter(pk=event.object_id).first()
    if record is None:
        return 0  # deleted meanwhile: nothing to tell
    scheduled = event.action == AuditEvent.Action.SCHEDULED
    subject = reviewed.scheduled_subject if scheduled else reviewed.subjects[kind]
    subject = subject % {"title": record.title}
    opts = reviewed.model._meta
    context = {
        reviewed.context_name: record,
        "event": event,
        "actor": (event.actor and event.actor.get_full_name()) or event.actor_name or "—",
        "scheduled": scheduled,
        "review_url": absolute(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        ),
        "public_url": absolute(record.get_absolute_url()),
        "preferences_url": absolute(reverse("channels:preferences")),
    }
    sent, refusals = 0, Refusals()
    for user in recipients(kind, record, event, reviewed):
        with refusals.each():
            sent += deliver(
                user,
                kind=kind,
                occasion=f"auditevent:{event.pk}",
                name=f"{reviewed.template_prefix}{kind.value}",
                subject=subject,
                context={**context, "recipient": user},
            )
    refusals.raise_first()
    return sent
