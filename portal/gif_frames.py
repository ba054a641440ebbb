"""Counting the frames of a GIF without decoding them, and giving up past a limit.

Our own walk over the GIF blocks: Pillow's ``n_frames`` reads every frame header before it
answers (600,000 one-pixel frames fit in 15 MB and take it seconds), and seeking decodes.
"""

IMAGE_SEPARATOR, EXTENSION, TRAILER = 0x2C, 0x21, 0x3B


def frames_exceed(content: bytes, limit: int) -> bool:
    """True if the GIF ``content`` has more than ``limit`` frames (or is too broken to tell,
    which Pillow reports on its own)."""
    if len(content) < 13:
        return False
    position = 13 + _colour_table_size(content[10])
    frames = 0
    while position < len(content):
        marker = content[position]
        if marker == TRAILER:
            return False
        if marker == IMAGE_SEPARATOR:
            frames += 1
            if frames > limit:
                return True
            if position + 10 > len(content):
                return False
            position += 10 + _colour_table_size(content[position + 9]) + 1  # + LZW code size
        elif marker == EXTENSION:
            position += 2
        else:
            return False
        while position < len(content) and content[position]:
            position += content[position] + 1
        position += 1
    return False


def _colour_table_size(flags: int) -> int:
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
