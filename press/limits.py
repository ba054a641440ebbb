"""How many accreditation requests the form takes: per client an hour, per address a day.

As the subscriptions' limits (channels/subscriptions/limits.py), counted in the database, so
they hold with several app servers and without Redis; the client is stored as a hash only.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from channels.subscriptions.models import address_hash
from press.models import AccreditationRequest

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def client_hash(client: str) -> str:
    return address_hash(client or "unknown")


def allows(email: str, client: str) -> bool:
    """May ``client`` send one more request for ``email`` now?"""
    now = timezone.now()
    requests = AccreditationRequest.objects
    from_client = requests.filter(client_hash=client_hash(client), created_at__gte=now - HOUR)
    if from_client.count() >= settings.PRESS_LIMIT_PER_CLIENT_HOUR:
        return False
    for_address = requests.filter(email__iexact=email.strip(), created_at__gte=now - DAY)
    return for_address.count() < settings.PRESS_LIMIT_PER_ADDRESS_DAY
