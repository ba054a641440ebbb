"""Accreditation requests: taking one from the form, and a person's data exported or erased
(as the subscribers' are, channels/subscriptions/services.py)."""

from django.db import transaction
from django.utils import timezone

from press import limits
from press.models import AccreditationRequest


def request_accreditation(data: dict, *, consent: str, client: str) -> AccreditationRequest | None:
    """Store the request with the consent as shown, and have the mails sent once it is
    committed; None if a limit is reached."""
    from press.tasks import send_accreditation_mails

    if not limits.allows(data["email"], client):
        return None
    request = AccreditationRequest.objects.create(
        **data,
        consent_text=consent,
        consented_at=timezone.now(),
        client_hash=limits.client_hash(client),
    )
    transaction.on_commit(lambda: send_accreditation_mails.enqueue(request.pk))
    return request


def personal_data(request: AccreditationRequest) -> dict:
    """Everything stored about the person in one request, for a data request (152-ФЗ)."""
    return {
        "name": request.name,
        "outlet": request.outlet,
        "position": request.position,
        "phone": request.phone,
        "email": request.email,
        "announcement": request.announcement.title,
        "event_starts_at": request.announcement.starts_at.isoformat(),
        "received_at": request.created_at.isoformat(),
        "consent_text": request.consent_text,
        "consented_at": request.consented_at.isoformat(),
    }


def of_the_same_person(queryset):
    """Every request made with the e-mail addresses of ``queryset``'s requests."""
    emails = {email.lower() for email in queryset.values_list("email", flat=True)}
    return AccreditationRequest.objects.filter(email__in=emails)


def erase(queryset) -> int:
    """Delete the requests and every other request of the same people (by e-mail)."""
    deleted, _by_model = of_the_same_person(queryset).delete()
    return deleted
