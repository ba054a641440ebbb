"""Counting the frames and blocks of a GIF without decoding them, giving up past a limit.

Our own walk over the GIF blocks: Pillow's ``n_frames`` reads every frame header before it
answers (600,000 one-pixel frames fit in 15 MB and take it seconds), seeking decodes, and it
reads extension blocks one by one in Python (2.5 million comments: 20 seconds).
"""

import math

IMAGE_SEPARATOR, EXTENSION, TRAILER = 0x2C, 0x21, 0x3B


def frames_exceed(content: bytes, limit: int) -> bool:
    """True if the GIF ``content`` has more than ``limit`` frames."""
    return gif_exceeds(content, limit, math.inf) == "frames"


def gif_exceeds(content: bytes, max_frames: int, max_blocks: float) -> str | None:
    """``"frames"`` or ``"blocks"`` (blocks and sub-blocks) if the GIF ``content`` has more
    of them than allowed, else ``None`` (also for a file too broken to tell: Pillow's to say).
    """
    if len(content) < 13:
        return None
    position = 13 + _colour_table_size(content[10])
    frames = blocks = 0
    while position < len(content):
        marker = content[position]
        if marker == TRAILER:
            return None
        if marker == IMAGE_SEPARATOR:
            frames += 1
            if frames > max_frames:
                return "frames"
            if position + 10 > len(content):
                return None
            position += 10 + _colour_table_size(content[position + 9]) + 1  # + LZW code size
        elif marker == EXTENSION:
            position += 2
        else:
            return None
        while position < len(content) and content[position]:
            blocks += 1
            if blocks > max_blocks:
                return "blocks"
            position += content[position] + 1
        position += 1
        blocks += 1
    return None


def _colour_table_size(flags: int) -> int:
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
