"""The demo's pictures and documents, drawn with Pillow: the demo downloads nothing."""

import io
import math

from PIL import Image, ImageDraw

PALETTE = [(11, 79, 138), (46, 125, 50), (183, 28, 28), (106, 27, 154), (230, 81, 0), (0, 105, 92)]


def _encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def illustration_jpeg(index: int) -> bytes:
    """A simple illustrative picture (1600×1000) in the ``index``-th colour of the palette."""
    width, height = 1600, 1000
    color = PALETTE[index % len(PALETTE)]
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for step in range(0, height, 40):
        shade = tuple(min(255, channel + step // 8) for channel in color)
        draw.rectangle([0, step, width, step + 40], fill=shade)
    draw.ellipse([width - 700, 150, width - 100, 750], fill=(255, 255, 255))
    draw.rectangle([100, height - 300, 900 - index % 4 * 120, height - 150], fill=(255, 255, 255))
    return _encoded(image, "JPEG", quality=85)


def coat_of_arms_png(field, charge) -> bytes:
    """A plain heraldic shield in two colours with a star."""
    width, height = 320, 380
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    outline = [(10, 10), (310, 10), (310, 200)]
    outline += [
        (160 + 150 * math.cos(math.radians(a)), 200 + 170 * math.sin(math.radians(a)))
        for a in range(0, 181, 10)
    ]
    outline += [(10, 200)]
    draw.polygon(outline, fill=field, outline=(40, 40, 40), width=6)
    draw.rectangle((10, 10, 310, 80), fill=charge, outline=(40, 40, 40), width=6)
    cx, cy, r_out, r_in = 160, 220, 80, 32
    star = [
        (
            cx + (r_out if n % 2 == 0 else r_in) * math.sin(math.radians(n * 36)),
            cy - (r_out if n % 2 == 0 else r_in) * math.cos(math.radians(n * 36)),
        )
        for n in range(10)
    ]
    draw.polygon(star, fill=charge)
    return _encoded(image, "PNG")


def document_pdf() -> bytes:
    """A one-page PDF that looks like a typed document (a mock-up, no real text)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((470, 120, 770, 150), fill=(60, 60, 60))
    for row in range(40):
        y = 240 + row * 34
        right = 1120 if row % 6 != 5 else 700
        draw.rectangle((120, y, right, y + 12), fill=(150, 150, 150))
    draw.rectangle((120, 1640, 420, 1650), fill=(20, 20, 20))
    draw.rectangle((820, 1640, 1120, 1650), fill=(20, 20, 20))
    return _encoded(page, "PDF", resolution=150)
