"""Counting the parts of a PNG (chunks) or of a JPEG's header (segments) without decoding,
and giving up past a limit.

Our own walk: Pillow reads these parts one by one in Python before the C decoder starts, so a
15 MB file of a million empty chunks or segments kept a worker busy for half a minute.
"""

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8"
JPEG_START_OF_SCAN = 0xDA
JPEG_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}


def too_many_parts(content: bytes, limit: int) -> bool:
    """True if the PNG or JPEG ``content`` has more than ``limit`` chunks or header segments
    (other formats, and files too broken to tell, are Pillow's to judge)."""
    if content.startswith(PNG_SIGNATURE):
        return _png_chunks_exceed(content, limit)
    if content.startswith(JPEG_START):
        return _jpeg_segments_exceed(content, limit)
    return False


def _png_chunks_exceed(content: bytes, limit: int) -> bool:
    position, chunks = len(PNG_SIGNATURE), 0
    while position + 8 <= len(content):
        (length,) = struct.unpack_from(">I", content, position)
        chunks += 1
        if chunks > limit:
            return True
        if content[position + 4 : position + 8] == b"IEND":
            return False
        position += 12 + length
    return False


def _jpeg_segments_exceed(content: bytes, limit: int) -> bool:
    position, segments = len(JPEG_START), 0
    while position + 4 <= len(content) and content[position] == 0xFF:
        marker = content[position + 1]
        segments += 1
        if segments > limit:
            return True
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker in JPEG_STANDALONE:
            position += 2
        elif marker == JPEG_START_OF_SCAN:
            return False
        else:
            (length,) = struct.unpack_from(">H", content, position + 2)
            position += 2 + length
    return False
