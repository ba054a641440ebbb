"""Cropped renditions that keep the editor's focal point in frame.

A crop is scaled so that it covers the target box, then the box is placed with the focal
point as near to its centre as the picture allows (never outside the picture). The focal
point is part of the processor, so imagekit names the cache file after it: a new focal
point gives new files, and the old ones are never served for it.
"""

from dataclasses import dataclass

from imagekit import ImageSpec
from PIL import Image as PILImage

# name: (width, height) of each crop: 16:9 cards (two widths), 1:1 squares, the Open Graph
# (VK, Telegram) preview
CROPS = {
    "card_480": (480, 270),
    "card": (960, 540),
    "square": (480, 480),
    "og": (1200, 630),
}
# The crops a page offers together in one srcset, smallest first.
CROP_SETS = {"card": ("card_480", "card"), "square": ("square",), "og": ("og",)}


@dataclass(frozen=True)
class FocalCrop:
    """An imagekit processor: fill ``width``×``height`` around the point (``x``, ``y``),
    fractions of the picture's width and height (the centre by default)."""

    width: int
    height: int
    x: float = 0.5
    y: float = 0.5

    def process(self, image: PILImage.Image) -> PILImage.Image:
        scale = max(self.width / image.width, self.height / image.height)
        scaled = image.resize(
            (
                max(self.width, round(image.width * scale)),
                max(self.height, round(image.height * scale)),
            ),
            PILImage.Resampling.LANCZOS,
        )
        left = _placed(self.x * scaled.width, self.width, scaled.width)
        top = _placed(self.y * scaled.height, self.height, scaled.height)
        return scaled.crop((left, top, left + self.width, top + self.height))


def _placed(centre: float, size: int, total: int) -> int:
    """The start of a window of ``size`` centred on ``centre``, kept inside ``total``."""
    return int(min(max(round(centre - size / 2), 0), total - size))


def focal_crop_spec(width: int, height: int) -> type[ImageSpec]:
    """A spec class whose processor reads the focal point of the image being cropped."""

    class FocalCropSpec(ImageSpec):
        format = "JPEG"
        options = {"quality": 85}

        @property
        def processors(self) -> list[FocalCrop]:
            image = self.source.instance
            x, y = image.focal_point
            return [FocalCrop(width, height, x, y)]

    return FocalCropSpec
