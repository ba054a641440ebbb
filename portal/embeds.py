"""Videos from VK Video and Rutube in rich text, embedded by pasting their link.

An editor pastes a video's address into CKEditor 5: its media embed turns it into
``<figure class="media"><oembed url="…"></oembed></figure>`` (settings.CKEDITOR_5_CONFIGS names
only these providers), or the address stays a paragraph of its own, maybe a link. Saving
(``portal.sanitize``) turns each of these into the one form the site stores and shows::

    <figure class="media"><div data-oembed-url="PAGE"><iframe src="PLAYER" …></iframe></div></figure>

``PAGE`` is the video's address, which CKEditor reads back when the text is edited again, and
``PLAYER`` is its player on the provider's own host, built here from the video's id: nothing of
the pasted markup but the recognised id reaches the page. Any other frame, host or attribute
is dropped by the sanitiser. ``FRAME_HOSTS`` is what the Content-Security-Policy's
``frame-src`` allows (config/settings.py).
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from django.utils.html import format_html
from django.utils.translation import gettext

RUTUBE_HOST = "https://rutube.ru"
VK_HOSTS = ("https://vk.com", "https://vkvideo.ru")
# vk.com's player answers from vkvideo.ru: both are frame sources.
FRAME_HOSTS = (RUTUBE_HOST, *VK_HOSTS)

PLAYER_ALLOW = "encrypted-media; fullscreen; picture-in-picture"

_RUTUBE = re.compile(
    r"^https?://(?:www\.)?rutube\.ru/(?:video|play/embed)/(?P<id>[0-9a-f]{32})/?(?:[?#][^\s]*)?$"
)
_VK_HOST = r"^https?://(?:www\.|m\.)?(?:vk\.com|vkvideo\.ru)/"
_VK_PAGE = re.compile(
    _VK_HOST + r"(?:video|clip)(?P<oid>-?\d{1,19})_(?P<id>\d{1,19})/?(?:[?#][^\s]*)?$"
)
_VK_MODAL = re.compile(
    _VK_HOST + r"[\w/.-]*\?(?:[^#\s]*&)?z=(?:video|clip)(?P<oid>-?\d{1,19})_(?P<id>\d{1,19})"
)
_VK_PLAYER = re.compile(_VK_HOST + r"video_ext\.php\?(?P<query>[^#\s]*)$")
_NUMBER = re.compile(r"^-?\d{1,19}$")
_HASH = re.compile(r"^[0-9a-f]{1,40}$")


@dataclass(frozen=True)
class Video:
    provider: str  # its name as the reader knows it
    page_url: str  # the address editors paste and CKEditor keeps
    player_url: str  # the frame's address

    def html(self) -> str:
        return format_html(
            '<figure class="media"><div data-oembed-url="{}"><iframe src="{}" title="{}" '
            'allow="{}" allowfullscreen loading="lazy" '
            'referrerpolicy="strict-origin-when-cross-origin"></iframe></div></figure>',
            self.page_url,
            self.player_url,
            gettext("Video: %(provider)s") % {"provider": self.provider},
            PLAYER_ALLOW,
        )


def recognise(url: str) -> Video | None:
    """The VK Video or Rutube video at ``url`` (entities decoded first), or None."""
    url = html.unescape(url or "").strip()
    if len(url) > 500:
        return None
    match = _RUTUBE.match(url)
    if match:
        video_id = match["id"]
        return Video(
            "Rutube",
            f"{RUTUBE_HOST}/video/{video_id}/",
            f"{RUTUBE_HOST}/play/embed/{video_id}/",
        )
    match = _VK_PAGE.match(url) or _VK_MODAL.match(url)
    if match:
        return _vk_video(match["oid"], match["id"], "")
    match = _VK_PLAYER.match(url)
    if match:
        query = parse_qs(match["query"])
        owner, number = query.get("oid", [""])[0], query.get("id", [""])[0]
        key = query.get("hash", [""])[0]
        if _NUMBER.match(owner) and _NUMBER.match(number) and (not key or _HASH.match(key)):
            return _vk_video(owner, number, key)
    return None


def _vk_video(owner: str, number: str, key: str) -> Video:
    player = {"oid": owner, "id": number, "hd": "2"}
    if key:
        # A private video plays only with its key: the player's address is its page.
        player["hash"] = key
        page = (
            f"{VK_HOSTS[1]}/video_ext.php?{urlencode({'oid': owner, 'id': number, 'hash': key})}"
        )
    else:
        page = f"{VK_HOSTS[1]}/video{owner}_{number}"
    return Video("VK Video", page, f"{VK_HOSTS[1]}/video_ext.php?{urlencode(player)}")


# -- in the sanitiser --------------------------------------------------------------------------
# The patterns only find candidates in untrusted markup: whatever they match is replaced by
# markup made here from a recognised address, or left to the sanitiser, which drops it.

_MEDIA_FIGURE = re.compile(
    r"<figure\b[^>]{0,300}\bclass\s*=\s*[\"'][^\"'>]{0,200}\bmedia\b[^>]{0,300}>"
    r"(?P<inner>.{0,4000}?)</figure\s*>",
    re.IGNORECASE | re.DOTALL,
)
_MEDIA_URL = re.compile(
    r"\b(?:data-oembed-url|url)\s*=\s*(?:\"(?P<double>[^\"]{0,600})\"|'(?P<single>[^']{0,600})')",
    re.IGNORECASE,
)
_PLAIN_ADDRESS = re.compile(r"^https?://[^\s\"'<>]{1,500}$")
_LINK_PARAGRAPH = re.compile(
    r"<p\b[^>]{0,300}>\s*(?:<a\b[^>]{0,1000}>\s*)?(?P<url>https?://[^\s<>\"']{1,500})\s*"
    r"(?:</a\s*>\s*)?</p\s*>",
    re.IGNORECASE,
)


def replace_videos(value: str, placeholder: Callable[[Video], str]) -> str:
    """``value`` with every recognised video (a media figure, a paragraph holding only its
    address) replaced by ``placeholder(video)``; a media figure of anything else becomes a
    paragraph with a link to its address, for the sanitiser to clean."""

    def figure(match: re.Match) -> str:
        found = _MEDIA_URL.search(match["inner"])
        url = (
            (found["double"] if found["double"] is not None else found["single"]) if found else ""
        )
        video = recognise(url)
        if video is not None:
            return placeholder(video)
        address = html.unescape(url).strip()
        if _PLAIN_ADDRESS.match(address):
            return format_html('<p><a href="{}">{}</a></p>', address, address)
        return ""

    def paragraph(match: re.Match) -> str:
        video = recognise(match["url"])
        return placeholder(video) if video is not None else match[0]

    return _LINK_PARAGRAPH.sub(paragraph, _MEDIA_FIGURE.sub(figure, value))
