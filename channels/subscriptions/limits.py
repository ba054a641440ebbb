"""How many confirmation mails the form may send: per address a day, per client an hour.

Counted in the database (the hashes only), so the limits hold with several app servers and
without Redis. An address on the do-not-mail list gets one confirmation mail a month: whoever
unsubscribed may come back, but the form cannot be used to pester them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from channels.subscriptions.models import ConfirmationRequest, DoNotMail, address_hash

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
DO_NOT_MAIL_PERIOD = timedelta(days=30)


def admit(email: str, client: str) -> ConfirmationRequest | None:
    """Record a confirmation mail for ``email`` asked for by ``client``, or None if a limit is
    reached."""
    now = timezone.now()
    address, origin = address_hash(email), address_hash(client or "unknown")
    requests = ConfirmationRequest.objects
    if requests.filter(client_hash=origin, requested_at__gte=now - HOUR).count() >= (
        settings.SUBSCRIPTIONS_LIMIT_PER_CLIENT_HOUR
    ):
        return None
    for_address = requests.filter(address_hash=address)
    if DoNotMail.objects.filter(address_hash=address).exists():
        if for_address.filter(requested_at__gte=now - DO_NOT_MAIL_PERIOD).exists():
            return None
    elif for_address.filter(requested_at__gte=now - DAY).count() >= (
        settings.SUBSCRIPTIONS_LIMIT_PER_ADDRESS_DAY
    ):
        return None
    _forget_old(now)
    return requests.create(address_hash=address, client_hash=origin)


def _forget_old(now) -> None:
    """Requests older than the longest period counted are of no use any more; those of an
    address on the do-not-mail list are kept for its month."""
    old = ConfirmationRequest.objects.filter(requested_at__lt=now - DAY)
    kept = DoNotMail.objects.values("address_hash")
    old.exclude(address_hash__in=kept).delete()
    old.filter(requested_at__lt=now - DO_NOT_MAIL_PERIOD).delete()
