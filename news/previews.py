"""Preview links an editor can send to someone without an account (an external approver).

A link names the article and is signed with the site's secret key and a salt of its own, with
the time it was made: it opens the article in the public design for
``settings.NEWS_PREVIEW_LINK_HOURS`` hours and then stops working. A changed link is refused.

A link also carries the article's ``preview_link_version``: the chief editor withdraws every
link given out so far by moving the version on (``news.services.withdraw_preview_links``).
Links made before versions existed carry none and count as version 0.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "news.previews.shared-article"


def max_age() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.NEWS_PREVIEW_LINK_HOURS)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def share_token(article) -> str:
    return _signer().sign(f"{article.pk}:{article.preview_link_version}")


def resolve(token: str) -> tuple[int, int]:
    """The article a token names and the link version it was made at;
    ``signing.SignatureExpired`` when it is too old, ``signing.BadSignature`` when it has
    been tampered with."""
    pk, _sep, version = _signer().unsign(token, max_age=max_age()).partition(":")
    try:
        return int(pk), int(version or 0)
    except ValueError:
        raise signing.BadSignature("Not an article") from None


def share_url(article) -> str:
    """The absolute address of a new share link (the site's public base URL)."""
    path = reverse("news:preview-shared", kwargs={"token": share_token(article)})
    return settings.SITE_URL.rstrip("/") + path


def expires_at() -> datetime.datetime:
    """When a link made now stops working."""
    return timezone.now() + max_age()
