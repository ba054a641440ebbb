"""What residents do with their subscriptions: ask, confirm, change, leave; and what the chief
editor does for a data request: export and erase."""

from django.db import transaction
from django.utils import timezone

from channels.subscriptions import limits
from channels.subscriptions.links import BadLink, Request, consent_digest
from channels.subscriptions.models import (
    DoNotMail,
    Subscriber,
    Subscription,
    Topic,
    address_hash,
)
from news.models import Rubric
from partnerships.models import Agreement


def request_subscription(request: Request, *, client: str) -> bool:
    """Mail ``request.email`` a confirmation link once the transaction commits; False when a
    limit refuses it. Nothing about the address is stored (but its hash)."""
    from channels.subscriptions.tasks import send_confirmation

    admitted = limits.admit(request.email, client)
    if admitted is None:
        return False
    token = request.to_token()
    transaction.on_commit(lambda: send_confirmation.enqueue(admitted.pk, token))
    return True


def confirm(token: str, consent_text: str) -> Subscriber:
    """Subscribe as the confirmation link asks; raises BadLink for a bad or expired one, or
    one made while another consent text was shown."""
    request = Request.from_token(token)
    if request.consent != consent_digest(consent_text):
        raise BadLink(expired=True)
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=request.email,
            defaults={
                "frequency": request.frequency,
                "consent_text": consent_text,
                "consented_at": request.at,
                "confirmed_at": timezone.now(),
            },
        )
        if not created:
            subscriber.frequency = request.frequency
            subscriber.consent_text, subscriber.consented_at = consent_text, request.at
            subscriber.confirmed_at = timezone.now()
            subscriber.save()
        add_topics(subscriber, request.topics)
        DoNotMail.objects.filter(address_hash=address_hash(subscriber.email)).delete()
    return subscriber


def add_topics(subscriber: Subscriber, topics) -> None:
    """Add ``(topic, rubric or agreement id)`` pairs to what ``subscriber`` follows; those
    that name a rubric or a public agreement that is gone are left out."""
    rubrics = set(
        Rubric.objects.filter(pk__in=_ids(topics, Topic.RUBRIC)).values_list("pk", flat=True)
    )
    agreements = set(
        Agreement.objects.public()
        .filter(pk__in=_ids(topics, Topic.AGREEMENT))
        .values_list("pk", flat=True)
    )
    rows = []
    for topic, pk in topics:
        if topic in (Topic.NEWS, Topic.EVENTS):
            rows.append(Subscription(subscriber=subscriber, topic=topic))
        elif topic == Topic.RUBRIC and pk in rubrics:
            rows.append(Subscription(subscriber=subscriber, topic=topic, rubric_id=pk))
        elif topic == Topic.AGREEMENT and pk in agreements:
            rows.append(Subscription(subscriber=subscriber, topic=topic, agreement_id=pk))
    Subscription.objects.bulk_create(rows, ignore_conflicts=True)


def _ids(topics, kind):
    return [pk for topic, pk in topics if topic == kind and pk is not None]


def replace_topics(subscriber: Subscriber, topics, frequency: str) -> None:
    with transaction.atomic():
        subscriber.subscriptions.all().delete()
        add_topics(subscriber, topics)
        subscriber.frequency = frequency
        subscriber.save(update_fields=["frequency"])


def unsubscribe(subscriber: Subscriber) -> None:
    """Delete the subscriber with everything about them; only a hash of the address stays,
    so a later «do not mail» is honoured (limits)."""
    with transaction.atomic():
        DoNotMail.objects.get_or_create(address_hash=address_hash(subscriber.email))
        subscriber.delete()


def personal_data(subscriber: Subscriber) -> dict:
    """Everything stored about one subscriber, for a data request (152-ФЗ, art. 14)."""
    return {
        "email": subscriber.email,
        "frequency": subscriber.frequency,
        "consent_text": subscriber.consent_text,
        "consented_at": subscriber.consented_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat(),
        "last_digest_on": subscriber.last_digest_on and subscriber.last_digest_on.isoformat(),
        "subscriptions": [
            {"topic": s.topic, "about": str(s)} for s in subscriber.subscriptions.all()
        ],
        "mails": [
            {"about": str(d.announcement), "sent_at": d.sent_at and d.sent_at.isoformat()}
            for d in subscriber.deliveries.all()
        ],
    }
