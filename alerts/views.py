from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alerts.display import (
    HIDDEN_COOKIE,
    HIDDEN_COOKIE_MAX_AGE,
    MAX_HIDDEN,
    hidden_tokens,
    hideable_live_tokens,
)
from alerts.models import Banner
from portal.cache import reads_query


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _local_path(url: str) -> str:
    """``url`` when it is a path of this site, else the home page."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return "/"


def _sent_from_this_site(request) -> bool:
    """What the browser says about where the form was: Sec-Fetch-Site, or else the Origin.
    A browser that sends neither (a very old one) is believed: nothing is at stake but a
    banner on its own screen."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


# No CSRF token: the form is on cached pages, shared by every reader, and a token would have
# to be each browser's own (Django's sets a cookie, and a page that sets one is never cached).
# The view changes nothing on the server, only a cookie of the browser that sent it; a form
# posted from another site is refused by what the browser says of its origin, and even one
# that got through could only hide a banner that is not an emergency.
@reads_query()
@csrf_exempt
@require_POST
@never_cache
def hide_banner(request, pk):
    """The reader hides a banner (not an emergency) and goes back to the page they were on."""
    if not _sent_from_this_site(request):
        raise PermissionDenied
    response = SeeOther(_local_path(request.POST.get("next", "/")))
    banner = Banner.objects.live().hideable().filter(pk=pk).first()
    if banner is None:  # gone, not yet shown, an emergency or never there: nothing to hide
        return response
    # Only what is still shown is kept, so the cookie stays short.
    kept = hidden_tokens(request) & hideable_live_tokens()
    kept.add(banner.hide_token)
    response.set_cookie(
        HIDDEN_COOKIE,
        ".".join(sorted(kept)[:MAX_HIDDEN]),
        max_age=HIDDEN_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
