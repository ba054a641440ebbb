"""The signed links of the subscriptions: confirmation (carrying the request, expiring),
management and unsubscribing (carrying the subscriber's key, lasting as long as it does)."""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from channels.mail import absolute

CONFIRM_SALT = "channels.subscriptions.confirm"
MANAGE_SALT = "channels.subscriptions.manage"
UNSUBSCRIBE_SALT = "channels.subscriptions.unsubscribe"


class BadLink(Exception):
    """A link that was never ours, was changed, or has expired (``expired``)."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def consent_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Request:
    """What the form asked for, as the confirmation link carries it."""

    email: str
    frequency: str
    topics: list[tuple[str, int | None]] = field(default_factory=list)
    consent: str = ""  # consent_digest() of the text agreed to
    at: datetime | None = None  # when the form was sent

    def to_token(self) -> str:
        payload = {
            "e": self.email,
            "f": self.frequency,
            "t": self.topics,
            "c": self.consent,
            "a": int(self.at.timestamp()),
        }
        return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Request":
        max_age = settings.SUBSCRIPTIONS_CONFIRM_HOURS * 3600
        try:
            payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        except signing.SignatureExpired as error:
            raise BadLink(expired=True) from error
        except signing.BadSignature as error:
            raise BadLink from error
        try:  # signed by us, so well formed, unless made by an older version of this code
            return cls(
                email=str(payload["e"]),
                frequency=str(payload["f"]),
                topics=[(str(topic), pk and int(pk)) for topic, pk in payload["t"]],
                consent=str(payload["c"]),
                at=datetime.fromtimestamp(int(payload["a"]), tz=UTC),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BadLink from error


def confirm_url(token: str) -> str:
    return absolute(reverse("subscriptions:confirm", args=[token]))


def _key_token(key: str, salt: str) -> str:
    return signing.Signer(salt=salt).sign(key)


def key_from(token: str, salt: str) -> str:
    try:
        return signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature as error:
        raise BadLink from error


def manage_url(subscriber) -> str:
    return absolute(
        reverse("subscriptions:manage", args=[_key_token(subscriber.key, MANAGE_SALT)])
    )


def unsubscribe_token(subscriber) -> str:
    return _key_token(subscriber.key, UNSUBSCRIBE_SALT)


def unsubscribe_url(subscriber) -> str:
    return absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscriber)]))
