"""Login throttling per client address across user names, on top of django-axes' lockout of
one user name at one address.

Our own handler rather than axes' settings alone: axes compares one failure count with one
limit over all its lockout parameters, and an address (an office behind one NAT) needs a
higher limit than a single account. The handler reads axes' own attempt records, so the
cool-off, ``axes_reset`` and the lockout page apply to both limits alike.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LoginThrottleHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures of this user name at this address, or the per-user limit itself once
        the address has used up its own allowance: axes then refuses it like a locked user."""
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off, whatever the user name."""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        return 0
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
