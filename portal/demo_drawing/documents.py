"""The demo's scanned documents: an A4 page with a heading, lines of text and signatures."""

import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw

from portal.demo_drawing.canvas import encoded, font

INK = (30, 30, 30)
TEXT_GREY = (150, 150, 150)


@lru_cache(maxsize=32)  # drawn once per process, as illustration_jpeg
def document_pdf(title: str = "") -> bytes:
    """A one-page PDF that looks like a typed document: its heading is ``title``, the body a
    mock-up of lines of text, two signature blocks with the seal's place below."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    heading = font("serif-bold", 44)
    y = 150
    for line in textwrap.wrap(title.upper(), 40) or [""]:
        draw.text((620, y), line, font=heading, fill=INK, anchor="mm")
        y += 58
    regular = font("sans-regular", 28)
    draw.text((120, y + 30), "г. Алчевск", font=regular, fill=INK)
    y += 140
    for row in range(34):
        right = 1120 if row % 6 != 5 else 700
        indent = 60 if row % 6 == 0 else 0
        draw.rectangle((120 + indent, y, right, y + 12), fill=TEXT_GREY)
        y += 34
    for left in (120, 720):
        draw.rectangle((left, 1620, left + 400, 1622), fill=INK)
        draw.text((left, 1636), "подпись", font=font("sans-italic", 24), fill=INK)
        draw.text((left + 250, 1636), "М. П.", font=regular, fill=INK)
    return encoded(page, "PDF", resolution=150)
