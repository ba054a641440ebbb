"""Links that share a page on VK, Telegram, OK and WhatsApp.

Plain links to each network's documented share address, with the page's canonical URL and
title in the query: no script, no counter, no image from their servers, and
``rel="noopener noreferrer"`` so that following one tells them nothing but what is shared.
Ours because the share-button packages are the networks' scripts and counters this avoids.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class ShareLink:
    network: str  # a short name, for the stylesheet
    name: Promise | str  # what the link shows
    label: Promise | str  # its accessible name, which contains ``name``
    url: str


def _address(base: str, **params: str) -> str:
    return f"{base}?{urlencode(params, quote_via=quote)}"


def share_links(url: str, title: str) -> list[ShareLink]:
    """The share links of the page at ``url`` (absolute) titled ``title``."""
    return [
        ShareLink(
            "vk",
            _("VK"),
            _("Share on VK"),
            _address("https://vk.com/share.php", url=url, title=title),
        ),
        ShareLink(
            "telegram",
            "Telegram",
            _("Share on Telegram"),
            _address("https://t.me/share/url", url=url, text=title),
        ),
        ShareLink(
            "ok",
            pgettext_lazy("social network", "OK"),
            _("Share on OK"),
            _address("https://connect.ok.ru/offer", url=url, title=title),
        ),
        ShareLink(
            "whatsapp",
            "WhatsApp",
            _("Share on WhatsApp"),
            _address("https://wa.me/", text=f"{title} {url}"),
        ),
    ]
