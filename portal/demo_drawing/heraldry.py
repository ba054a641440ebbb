"""Coats of arms for the demo's partner cities: a heraldic shield with a gold border and a charge.

The shield is the French form Russian civic arms use (straight sides, rounded base ending in a
point), drawn three times larger and scaled down so its edges are smooth.
"""

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from portal.demo_drawing.canvas import encoded

Colour = tuple[int, int, int]
GOLD = (212, 172, 60)
OUTLINE = (40, 40, 40)
SCALE = 3


def _outline(width: float, height: float, inset: float) -> list[tuple[float, float]]:
    """The shield's edge, ``inset`` inside the drawing's bounds: straight sides, then two
    elliptic arcs (each centred on the opposite side) meeting in the point at the bottom."""
    left, right, top, bottom = inset, width - inset, inset, height - inset
    span = right - left
    shoulder = top + (bottom - top) * 0.5
    depth = (bottom - shoulder) / math.sin(math.radians(60))
    angles = [math.radians(60 * step / 16) for step in range(17)]
    right_arc = [(left + span * math.cos(a), shoulder + depth * math.sin(a)) for a in angles]
    left_arc = [(right - span * math.cos(a), shoulder + depth * math.sin(a)) for a in angles]
    return [(left, top), (right, top), *right_arc, *reversed(left_arc)]


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: Colour) -> None:
    points = [
        (
            cx + (r if n % 2 == 0 else r * 0.4) * math.sin(math.radians(n * 36)),
            cy - (r if n % 2 == 0 else r * 0.4) * math.cos(math.radians(n * 36)),
        )
        for n in range(10)
    ]
    draw.polygon(points, fill=colour, outline=OUTLINE, width=SCALE * 2)


def _gear(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: Colour) -> None:
    """A cogwheel: industry."""
    teeth = []
    for n in range(48):
        angle = math.radians(n * 7.5)
        radius = r if (n // 3) % 2 == 0 else r * 0.8
        teeth.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(teeth, fill=colour, outline=OUTLINE, width=SCALE * 2)
    hole = r * 0.35
    draw.ellipse((cx - hole, cy - hole, cx + hole, cy + hole), fill=OUTLINE)


def _tower(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: Colour) -> None:
    """A tower with battlements and a gate."""
    left, right, top, bottom = cx - r * 0.6, cx + r * 0.6, cy - r * 0.7, cy + r
    draw.rectangle((left, top, right, bottom), fill=colour, outline=OUTLINE, width=SCALE * 2)
    merlon = (right - left) / 5
    for n in (0, 2, 4):
        x = left + n * merlon
        draw.rectangle(
            (x, top - r * 0.3, x + merlon, top), fill=colour, outline=OUTLINE, width=SCALE * 2
        )
    draw.chord((cx - r * 0.25, cy + r * 0.3, cx + r * 0.25, cy + r * 0.8), 180, 360, fill=OUTLINE)
    draw.rectangle((cx - r * 0.25, cy + r * 0.55, cx + r * 0.25, bottom), fill=OUTLINE)
    draw.rectangle((cx - r * 0.1, cy - r * 0.35, cx + r * 0.1, cy - r * 0.05), fill=OUTLINE)


def _waves(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: Colour) -> None:
    """Two wavy bars: a river."""
    for row in (-0.35, 0.35):
        points = [
            (cx - r + step * r / 20, cy + row * r + math.sin(step / 20 * 4 * math.pi) * r * 0.12)
            for step in range(41)
        ]
        draw.line(points, fill=colour, width=round(r * 0.28), joint="curve")


def _sun(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: Colour) -> None:
    for n in range(16):
        angle = math.radians(n * 22.5)
        tip = r if n % 2 == 0 else r * 0.8
        side = math.radians(7)
        draw.polygon(
            [
                (cx + r * 0.5 * math.cos(angle - side), cy + r * 0.5 * math.sin(angle - side)),
                (cx + tip * math.cos(angle), cy + tip * math.sin(angle)),
                (cx + r * 0.5 * math.cos(angle + side), cy + r * 0.5 * math.sin(angle + side)),
            ],
            fill=colour,
        )
    core = r * 0.52
    draw.ellipse(
        (cx - core, cy - core, cx + core, cy + core), fill=colour, outline=OUTLINE, width=SCALE * 2
    )


EMBLEMS = {"star": _star, "gear": _gear, "tower": _tower, "waves": _waves, "sun": _sun}
# How the alt text names each charge.
EMBLEM_NAMES = {
    "star": "звезда",
    "gear": "шестерня",
    "tower": "башня",
    "waves": "волнистые полосы",
    "sun": "солнце",
}


def shield(
    field: Colour, charge: Colour, *, emblem: str = "star", size: tuple[int, int] = (320, 380)
) -> Image.Image:
    """The shield as an RGBA image: field, a chief (the top band) in the charge's colour, the
    emblem in the middle, all inside a gold border."""
    width, height = size[0] * SCALE, size[1] * SCALE
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    border = width * 0.05
    draw.polygon(_outline(width, height, SCALE * 3), fill=GOLD, outline=OUTLINE, width=SCALE * 3)
    draw.polygon(_outline(width, height, border), fill=field)
    chief = height * 0.22
    draw.rectangle((border, border, width - border, chief), fill=charge)
    draw.line((border, chief, width - border, chief), fill=OUTLINE, width=SCALE * 2)
    for n in range(3):  # three small stars in the chief
        _star(draw, width * (0.3 + n * 0.2), (border + chief) / 2, chief * 0.28, field)
    EMBLEMS[emblem](draw, width / 2, height * 0.52, width * 0.26, charge)
    return image.resize(size, Image.Resampling.LANCZOS)


@lru_cache(maxsize=128)  # drawn once per process, as illustration_jpeg
def coat_of_arms_png(field: Colour, charge: Colour, emblem: str = "star") -> bytes:
    """A coat of arms (320×380 PNG, transparent around the shield)."""
    return encoded(shield(field, charge, emblem=emblem), "PNG", optimize=True)
