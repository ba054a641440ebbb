"""The item's images: the lead image chosen and checked, the text's images copied to our
storage (the site's Content-Security-Policy shows no images from other sites)."""

import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from news.importing.fetching import FetchError, absolute_url, url_scheme
from portal.images import (
    ALLOWED_FORMATS,
    clean_image_content,
    normalised_filename,
    validate_image_file,
)

MAX_BODY_IMAGES = 30
IMPORTED_IMAGES_DIR = "news/imported"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
EMPTY_WRAPPER = re.compile(r"<(p|figure)\b[^>]*>\s*(<figcaption>\s*</figcaption>\s*)?</\1>")


class _FirstImage(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = None

    def handle_starttag(self, tag, attrs):
        if tag == "img" and self.found is None:
            attributes = dict(attrs)
            if attributes.get("src"):
                self.found = (attributes["src"], attributes.get("alt") or "")


def first_image(body_html: str) -> tuple[str, str] | None:
    parser = _FirstImage()
    parser.feed(body_html)
    return parser.found


def without_first_image(body: str) -> str:
    """``body`` without its first image (shown above the text as the lead image instead)."""
    return EMPTY_WRAPPER.sub("", IMG_TAG.sub("", body, count=1)).strip()


@dataclass
class LeadImage:
    data: bytes
    name: str
    alt: str
    from_body: bool = False


def lead_image(item, body, fetcher, warnings) -> LeadImage | None:
    """The first image of the item that can be fetched and is a valid image."""
    candidates = [(url, "", False) for url in item.image_urls]
    in_body = first_image(body)
    if in_body:
        candidates.append((in_body[0], in_body[1], True))
    for url, alt, from_body in candidates:
        absolute = absolute_url(item.link, html.unescape(url))
        data = _fetch_image(absolute, fetcher, warnings)
        if data is not None:
            name = Path(urlsplit(absolute).path).name or "image"
            return LeadImage(data, name, alt, from_body)
    return None


def _fetch_image(url, fetcher, warnings) -> bytes | None:
    try:
        data = fetcher.get(url, settings.IMAGE_UPLOAD_MAX_BYTES)
        validate_image_file(ContentFile(data))
    except FetchError as error:
        warnings.append(
            _("image %(url)s is not imported: %(error)s") % {"url": url, "error": error}
        )
        return None
    except ValidationError as error:
        warnings.append(
            _("image %(url)s is not imported: %(error)s")
            % {"url": url, "error": " ".join(error.messages)}
        )
        return None
    return data


def localise_images(body, item, store_files, fetcher, warnings, stored_files) -> str:
    """``body`` with its images copied to our storage (up to MAX_BODY_IMAGES); an image
    that cannot be fetched keeps its old address."""

    def replace(match):
        tag = match.group(0)
        src = re.search(r'\bsrc="([^"]*)"', tag)
        if not src or replace.count >= MAX_BODY_IMAGES:
            return tag
        url = absolute_url(item.link, html.unescape(src.group(1)))
        if url_scheme(url) not in ("http", "https"):
            return tag
        replace.count += 1
        stored = _stored_image(url, store_files, fetcher, warnings, stored_files)
        if stored is None:
            return tag
        tag = re.sub(r'\s(srcset|sizes)="[^"]*"', "", tag)
        return tag.replace(src.group(0), f'src="{html.escape(stored)}"')

    replace.count = 0
    return IMG_TAG.sub(replace, body)


def _stored_image(url, store_files, fetcher, warnings, stored_files) -> str | None:
    """The URL of our copy of the image at ``url``; the same URL is stored once."""
    stem = f"{IMPORTED_IMAGES_DIR}/{hashlib.sha256(url.encode()).hexdigest()[:32]}"
    for extension in set(ALLOWED_FORMATS.values()):
        if default_storage.exists(f"{stem}.{extension}"):
            return default_storage.url(f"{stem}.{extension}")
    data = _fetch_image(url, fetcher, warnings)
    if data is None:
        return None
    if not store_files:
        return url
    cleaned = clean_image_content(ContentFile(data), normalised_filename(url, "jpg"))
    extension = cleaned.name.rsplit(".", 1)[-1]
    name = default_storage.save(f"{stem}.{extension}", cleaned)
    stored_files.append(name)
    return default_storage.url(name)
