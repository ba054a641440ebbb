"""The pieces the demo's scenes are drawn from: sky, ground, buildings, trees, flags, people."""

import io
import random
from functools import cache
from typing import Any, cast

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]

# Calm, official colours: the site's navy, stone, muted brick, park green, asphalt.
NAVY = (11, 79, 138)
NAVY_DARK = (16, 42, 74)
STONE = (222, 215, 199)
STONE_DARK = (180, 171, 152)
BRICK = (170, 112, 88)
OCHRE = (214, 176, 112)
GREEN = (96, 132, 82)
GREEN_DARK = (62, 96, 60)
LAWN = (132, 168, 104)
ASPHALT = (92, 96, 102)
WHITE = (248, 248, 246)
WINDOW = (86, 112, 140)
WINDOW_LIT = (246, 214, 140)
RUSSIAN_FLAG = ((255, 255, 255), (0, 57, 166), (213, 43, 30))


def encoded(image: Image.Image, image_format: str, **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


@cache
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    """The site's own typeface (static/fonts), so the pictures' lettering matches the pages."""
    found = finders.find(f"fonts/vestnik-{face}.woff2")
    return ImageFont.truetype(cast(str, found), size)  # one path: find() without all=True


def mix(a: Colour, b: Colour, share: float) -> Colour:
    return cast(Colour, tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True)))


def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    """A vertical gradient: a 1-pixel column stretched, much faster than drawing rows."""
    width, height = size
    column = Image.new("RGB", (1, 256))
    column.putdata([mix(top, bottom, y / 255) for y in range(256)])
    return column.resize((width, height), Image.Resampling.BILINEAR)


def clouds(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, top: int, bottom: int
) -> None:
    for _ in range(rng.randint(2, 4)):
        x, y = rng.randint(0, width - 300), rng.randint(top, bottom)
        for dx, dy, r in ((0, 20, 45), (50, 0, 60), (110, 15, 50), (160, 30, 35)):
            draw.ellipse((x + dx - r, y + dy - r, x + dx + r, y + dy + r), fill=(250, 251, 252))


def building(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    box: tuple[int, int, int, int],
    colour: Colour,
    *,
    window: tuple[int, int] = (34, 46),
    gap: tuple[int, int] = (26, 30),
    lit: float = 0.25,
    roof: Colour | None = None,
) -> None:
    """A block of flats or offices: facade, roof edge and a grid of windows, some lit."""
    left, top, right, bottom = box
    draw.rectangle(box, fill=colour)
    draw.rectangle(
        (left - 6, top - 10, right + 6, top), fill=roof or mix(colour, (40, 40, 40), 0.4)
    )
    win_w, win_h = window
    gap_x, gap_y = gap
    columns = max(1, (right - left - gap_x) // (win_w + gap_x))
    offset = left + (right - left - columns * (win_w + gap_x) + gap_x) // 2
    y = top + gap_y
    while y + win_h < bottom - 40:
        for column in range(columns):
            x = offset + column * (win_w + gap_x)
            glass = WINDOW_LIT if rng.random() < lit else WINDOW
            draw.rectangle((x, y, x + win_w, y + win_h), fill=glass)
            draw.line((x, y + win_h // 2, x + win_w, y + win_h // 2), fill=colour, width=3)
        y += win_h + gap_y


def skyline(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, base: int, colour: Colour
) -> None:
    """A flat distant skyline (no windows), for depth behind the scene."""
    x = -20
    while x < width:
        w, h = rng.randint(90, 200), rng.randint(120, 320)
        draw.rectangle((x, base - h, x + w, base), fill=colour)
        x += w + rng.randint(0, 30)


def tree(draw: ImageDraw.ImageDraw, x: int, base: int, size: int, colour: Colour = GREEN) -> None:
    draw.rectangle((x - size // 12, base - size, x + size // 12, base), fill=(110, 84, 62))
    crown = mix(colour, (0, 0, 0), 0.15)
    lobes = (
        (0, -size, size // 2),
        (-size // 3, -size * 3 // 4, size // 3),
        (size // 3, -size * 3 // 4, size // 3),
    )
    for dx, dy, r in lobes:
        draw.ellipse((x + dx - r, base + dy - r, x + dx + r, base + dy + r), fill=crown)
    r = size // 3
    draw.ellipse(
        (x - r, base - size - r - size // 6, x + r // 2, base - size + r // 3), fill=colour
    )


def flag(
    draw: ImageDraw.ImageDraw,
    x: int,
    top: int,
    pole: int,
    stripes: tuple[Colour, ...] = RUSSIAN_FLAG,
    size: tuple[int, int] = (120, 80),
) -> None:
    """A flag of horizontal stripes on a pole whose foot is at (x, top + pole)."""
    width, height = size
    draw.rectangle((x - 3, top, x + 3, top + pole), fill=(120, 120, 124))
    band = height / len(stripes)
    for n, colour in enumerate(stripes):
        draw.rectangle((x + 3, top + n * band, x + 3 + width, top + (n + 1) * band), fill=colour)
    draw.rectangle((x + 3, top, x + 3 + width, top + height), outline=(150, 150, 150), width=1)


def person(draw: ImageDraw.ImageDraw, x: int, base: int, height: int, colour: Colour) -> None:
    """A plain silhouette: head and shoulders over a rounded body."""
    head = height // 7
    draw.ellipse((x - head, base - height, x + head, base - height + 2 * head), fill=colour)
    shoulders = height // 4
    draw.rounded_rectangle(
        (x - shoulders, base - height + 2 * head + 6, x + shoulders, base),
        radius=shoulders // 2,
        fill=colour,
    )


def text_centred(
    draw: ImageDraw.ImageDraw,
    centre: tuple[int, int],
    text: str,
    face: ImageFont.FreeTypeFont,
    fill: Colour,
) -> None:
    draw.text(centre, text, font=face, fill=fill, anchor="mm")


def new_picture(
    width: int, height: int, top: Colour, bottom: Colour
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = gradient((width, height), top, bottom)
    return image, ImageDraw.Draw(image)
