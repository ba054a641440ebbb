"""One client per network, each with ``post(draft)``, ``edit(remote, draft)`` and
``delete(remote)``; all of them speak HTTP through ``call()`` here, which turns every failure
into a ``ChannelError`` saying in words what happened — never the URL (Telegram's carries
the token) nor the library's message."""

import dataclasses
import enum

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.exceptions import NewConnectionError


class Failure(enum.Enum):
    RETRY = "retry"  # the network did not take it: try again later
    FATAL = "fatal"  # a bad token, a refused post: trying again will not help
    UNCERTAIN = "uncertain"  # the request may have been done: do not repeat it by itself


class ChannelError(Exception):
    def __init__(self, failure: Failure, reason: str, retry_after: int | None = None):
        super().__init__(reason)
        self.failure, self.reason, self.retry_after = failure, reason, retry_after


@dataclasses.dataclass
class Draft:
    """What goes out: the text (title, body and link, within the limit), the link, the image."""

    text: str
    link: str
    image: bytes | None = None


@dataclasses.dataclass
class Remote:
    """The network's post: its id, its address and what editing it later needs."""

    id: str
    url: str = ""
    data: dict = dataclasses.field(default_factory=dict)


def _never_reached(exc: requests.ConnectionError) -> bool:
    """Did the connection fail before anything was sent (refused, no route, DNS)?"""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0] if exc.args else None, "reason", None)
    return isinstance(reason, NewConnectionError)


def call(method: str, url: str, *, creates: bool, **kwargs) -> requests.Response:
    """One HTTP request with the connect and read timeouts of the settings.

    ``creates``: the request makes a post, so when its answer is lost it may have been made
    — that is ``Failure.UNCERTAIN``, not a retry (a retry could post twice).
    """
    lost = Failure.UNCERTAIN if creates else Failure.RETRY
    try:
        return requests.request(method, url, timeout=settings.CROSSPOST_TIMEOUTS, **kwargs)
    except requests.ConnectionError as exc:
        if _never_reached(exc):
            raise ChannelError(Failure.RETRY, _("The network cannot be reached.")) from None
        raise ChannelError(lost, _("The connection broke before the network answered.")) from None
    except requests.Timeout:
        raise ChannelError(lost, _("The network did not answer in time.")) from None
    except requests.RequestException:
        raise ChannelError(Failure.RETRY, _("The request to the network failed.")) from None


def json_of(response: requests.Response) -> object:
    """The JSON of an answer; a server error page or garbage is a failure to retry."""
    try:
        return response.json()
    except ValueError:
        raise ChannelError(
            Failure.RETRY,
            _("The network answered with an error (HTTP %(status)s).")
            % {"status": response.status_code},
        ) from None


def bad_token() -> ChannelError:
    return ChannelError(
        Failure.FATAL,
        _(
            "The network refused the token: it may have been revoked. Enter a new one in the "
            "channel's settings."
        ),
    )
