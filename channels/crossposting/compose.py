"""What a post says and shows: the title, the channel's own text or the lead, the link —
within the channel's limit — and the lead image cropped for the channel."""

import io

from django.utils.html import strip_tags

from channels.crossposting.clients import Draft, ok, telegram, vk
from channels.crossposting.models import Network
from channels.mail import absolute
from portal.images import rendition_attname, renditions_ready

PREVIEW_WIDTH = 960  # the rendition the article's og:image is
ASPECT = {Network.TELEGRAM: 16 / 9, Network.VK: 16 / 9}  # OK shows the link's og:image
ELLIPSIS = "…"


def limit(network: str, with_image: bool) -> int:
    if network == Network.TELEGRAM:
        return telegram.limit(with_image)
    return vk.LIMIT if network == Network.VK else ok.LIMIT


def body_of(article, post) -> str:
    return " ".join(((post and post.text) or strip_tags(article.lead)).split())


def cut(text: str, room: int) -> str:
    """``text`` within ``room`` characters, cut at a word with «…»."""
    if len(text) <= room:
        return text
    if room <= len(ELLIPSIS):
        return ""
    keep = room - len(ELLIPSIS)
    head = text[:keep]
    if not text[keep].isspace() and " " in head:  # cut inside a word: back to its start
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,.;:—-") + ELLIPSIS


def text_of(title: str, body: str, link: str, room: int) -> tuple[str, bool]:
    """The post's text and whether it had to be cut; the link is always whole."""
    room -= len(link) + 2
    full = f"{title}\n\n{body}" if body else title
    if len(full) <= room:
        return f"{full}\n\n{link}", False
    title = cut(title, room)
    body = cut(body, room - len(title) - 2)
    return "\n\n".join(filter(None, [title, body, link])), True


def draft(article, post, network: str, *, load_image: bool = True) -> tuple[Draft, bool, int]:
    """The draft for ``network``, whether its text was cut, and its limit; ``load_image``
    false (the admin's preview) reads no file."""
    with_image = bool(article.lead_image) and network in ASPECT
    link = absolute(article.get_absolute_url())
    room = limit(network, with_image)
    text, was_cut = text_of(" ".join(article.title.split()), body_of(article, post), link, room)
    image = channel_image(article, network) if with_image and load_image else None
    return Draft(text, link, image), was_cut, room


def crop_box(width: int, height: int, aspect: float, focus=(0.5, 0.5)):
    """The box of ``aspect`` around ``focus`` (fractions of the width and height: the library
    image's focal point), as large as the image allows."""
    if width / height > aspect:
        new_width, new_height = round(height * aspect), height
    else:
        new_width, new_height = width, round(width / aspect)
    left = min(max(round(focus[0] * width - new_width / 2), 0), width - new_width)
    top = min(max(round(focus[1] * height - new_height / 2), 0), height - new_height)
    return left, top, left + new_width, top + new_height


def channel_image(article, network: str) -> bytes | None:
    """The JPEG of the lead image's link-preview rendition (the upload until it is made),
    cropped to the channel's aspect around its focal point; None without an image or for OK."""
    aspect = ASPECT.get(network)
    if not article.lead_image or aspect is None:
        return None
    from PIL import Image

    library_image = article.lead_image
    source = library_image.file
    if renditions_ready(library_image, "file"):
        source = getattr(library_image, rendition_attname("file", PREVIEW_WIDTH, "jpeg"))
    with source.storage.open(source.name, "rb") as file, Image.open(file) as image:
        image = image.convert("RGB")
        box = crop_box(image.width, image.height, aspect, library_image.focal_point)
        image = image.crop(box)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    return out.getvalue()
