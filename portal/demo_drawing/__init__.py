"""The demo's pictures and documents, drawn with Pillow: the demo downloads nothing.

``illustration_jpeg(scene, seed)`` draws one of ``SCENES`` (and ``alt_text`` describes it),
``coat_of_arms_png`` a partner's arms, ``document_pdf`` a scanned agreement.
"""

import random
from functools import lru_cache

from portal.demo_drawing.canvas import encoded
from portal.demo_drawing.documents import document_pdf
from portal.demo_drawing.heraldry import EMBLEM_NAMES, EMBLEMS, coat_of_arms_png
from portal.demo_drawing.scenes import HEIGHT, SCENES, WIDTH

__all__ = [
    "EMBLEMS",
    "EMBLEM_NAMES",
    "HEIGHT",
    "SCENES",
    "WIDTH",
    "alt_text",
    "coat_of_arms_png",
    "document_pdf",
    "illustration_jpeg",
]


# Drawn once per process (the same arguments give the same bytes): the tests load the demo
# again and again.
@lru_cache(maxsize=128)
def illustration_jpeg(scene: str, seed: int = 0, caption: str = "") -> bytes:
    """The ``scene`` drawn at 1600×1000; the same arguments always give the same picture.
    ``caption`` is lettering the scene shows (a banner, a route number) where it has room."""
    image = SCENES[scene].draw(random.Random(f"{scene}:{seed}"), caption)
    return encoded(image, "JPEG", quality=85)


def alt_text(scene: str, caption: str = "") -> str:
    """What the picture shows, for its alt text."""
    text = SCENES[scene].alt
    if caption:
        text += ", надпись «{}»".format(caption.replace("\n", " "))
    return text
