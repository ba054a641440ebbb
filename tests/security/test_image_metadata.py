"""A stored image is its pixels and nothing else: every metadata segment, chunk or block is
gone from the re-encoded file, read back by walking its structure (not by asking Pillow).
Animations are bounded by frames × pixels before anything is decoded, and so is the number of
passes of a progressive JPEG; a bounded animation keeps its frames."""

import io
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from news.models import Article
from portal.gif_frames import frames_exceed
from portal.image_structure import too_many_parts
from portal.images import clean_image_content, validate_image_file
from tests.support import form_data, page

SECRET = "Координаты 48.0 N, 38.8 E; автор Иванов"
SECRET_BYTES = SECRET.encode()
LATIN_SECRET = "GPS 48.0 N, 38.8 E; by Ivanov"  # PNG tEXt and zTXt are Latin-1 only
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
    + SECRET_BYTES
    + b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
JPEG_SEGMENTS_ALLOWED = {0xDB, 0xC0, 0xC2, 0xC4, 0xDD}  # tables, frame, restart interval
APP0, COM = 0xE0, 0xFE
PNG_CHUNKS_ALLOWED = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
GIF_GRAPHIC_CONTROL, GIF_APPLICATION, GIF_COMMENT = 0xF9, 0xFF, 0xFE
WEBP_CHUNKS_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}


def jpeg_segments(content: bytes) -> list[tuple[int, bytes]]:
    """``(marker, payload)`` of every segment before the image data."""
    assert content[:2] == b"\xff\xd8"
    segments, position = [], 2
    while True:
        assert content[position] == 0xFF, position
        marker = content[position + 1]
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        if marker == 0xDA:
            return segments
        segments.append((marker, content[position + 4 : position + 2 + length]))
        position += 2 + length


def png_chunks(content: bytes) -> list[bytes]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, position = [], 8
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        kinds.append(content[position + 4 : position + 8])
        position += 12 + length
    return kinds


def gif_extensions(content: bytes) -> list[tuple[int, bytes]]:
    """``(label, first sub-block)`` of every extension block of a GIF."""
    assert content[:6] in (b"GIF87a", b"GIF89a")
    flags = content[10]
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    extensions = []
    while content[position] != 0x3B:
        if content[position] == 0x21:
            label = content[position + 1]
            position += 2
            extensions.append((label, content[position + 1 : position + 1 + content[position]]))
        else:
            assert content[position] == 0x2C
            image_flags = content[position + 9]
            position += 10 + (3 * 2 ** ((image_flags & 7) + 1) if image_flags & 0x80 else 0) + 1
        while content[position]:
            position += content[position] + 1
        position += 1
    return extensions


def webp_chunks(content: bytes) -> list[bytes]:
    assert content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    kinds, position = [], 12
    while position < len(content):
        kind = content[position : position + 4]
        (length,) = struct.unpack("<I", content[position + 4 : position + 8])
        kinds.append(kind)
        position += 8 + length + (length & 1)
    return kinds


def exif() -> bytes:
    data = Image.Exif()
    data[0x010F] = "PhoneMaker"
    data[0x8825] = {1: "N", 2: (48.0, 0.0, 0.0)}
    return data.tobytes()


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_everything() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(
        buffer, "JPEG", exif=exif(), icc_profile=srgb_profile(), comment=SECRET_BYTES
    )
    content = buffer.getvalue()
    extra = (
        segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP)
        + segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + SECRET_BYTES)
        + segment(0xEC, b"Ducky" + SECRET_BYTES)
        + segment(0xEF, SECRET_BYTES)
        + segment(COM, SECRET_BYTES)
    )
    return content[:2] + extra + content[2:]


def png_with_everything(mode: str) -> bytes:
    info = PngInfo()
    info.add_text("Author", LATIN_SECRET)
    info.add_text("Comment", LATIN_SECRET, zip=True)
    info.add_itxt("Description", SECRET, lang="ru")
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    options = {}
    if mode == "P":
        image = image.convert("P")
        options["transparency"] = 0
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif(), icc_profile=srgb_profile(), **options)
    content = buffer.getvalue()
    time_chunk = b"tIME" + struct.pack(">HBBBBB", 2026, 12, 2, 1, 0, 0)
    chunk = struct.pack(">I", 7) + time_chunk + struct.pack(">I", zlib.crc32(time_chunk))
    return content[:33] + chunk + content[33:]


def gif_application_block(identifier: bytes, data: bytes) -> bytes:
    sub_blocks = b"".join(
        bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255)
    )
    return b"\x21\xff\x0b" + identifier + sub_blocks + b"\x00"


def gif_with_everything(frames: int) -> bytes:
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200)]
    images = [Image.new("RGB", (20, 20), colour).convert("P") for colour in colours[:frames]]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "GIF",
        save_all=frames > 1,
        append_images=images[1:],
        duration=80,
        loop=0,
        comment=SECRET_BYTES,
    )
    content = buffer.getvalue()
    flags = content[10]
    screen_end = 13 + 3 * 2 ** ((flags & 7) + 1)
    xmp = gif_application_block(b"XMP DataXMP", XMP)
    return content[:screen_end] + xmp + content[screen_end:]


def webp_with_everything() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(
        buffer, "WEBP", exif=exif(), xmp=XMP, icc_profile=srgb_profile()
    )
    return buffer.getvalue()


def cleaned(content: bytes, name: str) -> bytes:
    upload = SimpleUploadedFile(name, content)
    validate_image_file(upload)
    return clean_image_content(upload, name).read()


def test_the_test_files_really_carry_metadata():
    markers = {marker for marker, _ in jpeg_segments(jpeg_with_everything())}
    assert markers >= {0xE1, 0xE2, 0xED, 0xEC, 0xEF, COM}
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP", b"tIME"} <= set(
        png_chunks(png_with_everything("RGB"))
    )
    assert {GIF_COMMENT, GIF_APPLICATION} <= {
        label for label, _ in gif_extensions(gif_with_everything(1))
    }
    assert {b"EXIF", b"XMP ", b"ICCP"} <= set(webp_chunks(webp_with_everything()))


def test_a_jpeg_keeps_no_segment_but_its_tables_and_a_jfif_header():
    content = cleaned(jpeg_with_everything(), "photo.jpg")

    segments = jpeg_segments(content)
    assert [payload[:5] for marker, payload in segments if marker == APP0] == [b"JFIF\x00"]
    assert {marker for marker, _ in segments} - {APP0} <= JPEG_SEGMENTS_ALLOWED
    assert SECRET_BYTES not in content and b"PhoneMaker" not in content


@pytest.mark.parametrize("mode", ["RGB", "P"])
def test_a_png_keeps_only_the_chunks_its_pixels_need(mode):
    content = cleaned(png_with_everything(mode), "picture.png")

    assert set(png_chunks(content)) <= PNG_CHUNKS_ALLOWED
    assert SECRET_BYTES not in content and b"PhoneMaker" not in content
    assert LATIN_SECRET.encode() not in content
    if mode == "P":
        assert Image.open(io.BytesIO(content)).info["transparency"] == 0


@pytest.mark.parametrize("frames", [1, 3])
def test_a_gif_keeps_no_comment_nor_application_data_but_its_looping(frames):
    content = cleaned(gif_with_everything(frames), "anim.gif")

    extensions = gif_extensions(content)
    assert {label for label, _ in extensions} <= {GIF_GRAPHIC_CONTROL, GIF_APPLICATION}
    applications = [data for label, data in extensions if label == GIF_APPLICATION]
    assert applications == ([b"NETSCAPE2.0"] if frames > 1 else [])
    assert SECRET_BYTES not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.n_frames == frames


def test_a_webp_keeps_no_exif_xmp_or_colour_profile():
    content = cleaned(webp_with_everything(), "picture.webp")

    assert set(webp_chunks(content)) <= WEBP_CHUNKS_ALLOWED
    assert SECRET_BYTES not in content and b"PhoneMaker" not in content


def test_a_cmyk_jpeg_is_stored_as_plain_rgb_without_its_comment():
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(buffer, "JPEG", comment=SECRET_BYTES)

    content = cleaned(buffer.getvalue(), "print.jpg")

    assert Image.open(io.BytesIO(content)).mode == "RGB"
    assert {marker for marker, _ in jpeg_segments(content)} - {APP0} <= JPEG_SEGMENTS_ALLOWED


# --- animations and progressive JPEGs: the work is bounded before decoding -------------------


def animation_bomb(side=1400, frames=700) -> bytes:
    """The animation of the report: 700 frames of 1400×1400 in 1.9 MB (each frame one colour,
    which LZW packs into a couple of kilobytes)."""
    buffer = io.BytesIO()
    Image.new("P", (side, side), 0).save(buffer, "GIF")
    single = buffer.getvalue()
    flags = single[10]
    screen_end = 13 + 3 * 2 ** ((flags & 7) + 1)
    image_start = single.index(b"\x2c", screen_end)
    image = single[image_start:-1]
    graphic_control = b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
    looping = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    return single[:screen_end] + looping + (graphic_control + image) * frames + b";"


def test_the_animation_bomb_is_small_and_declares_700_big_frames():
    content = animation_bomb()

    assert len(content) < 2_000_000
    with Image.open(io.BytesIO(content)) as image:
        assert (image.size, image.n_frames) == ((1400, 1400), 700)


def test_an_animation_just_over_the_budget_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS = 3 * 200 * 200 - 1
    with pytest.raises(ValidationError) as raised:
        validate_image_file(SimpleUploadedFile("anim.gif", animation_bomb(side=200, frames=3)))

    assert raised.value.code == "animation_too_large"


def test_an_animation_over_the_budget_is_refused_before_it_is_decoded():
    started = time.monotonic()
    with pytest.raises(ValidationError) as raised:
        validate_image_file(SimpleUploadedFile("anim.gif", animation_bomb()))

    assert time.monotonic() - started < 2
    assert raised.value.code == "animation_too_large"


def test_an_animation_of_countless_tiny_frames_is_refused_before_they_are_counted():
    content = animation_bomb(side=1, frames=600_000)
    assert len(content) < 15 * 1024 * 1024

    started = time.monotonic()
    with pytest.raises(ValidationError) as raised:
        validate_image_file(SimpleUploadedFile("anim.gif", content))

    assert time.monotonic() - started < 2
    assert raised.value.code == "animation_too_large"


@pytest.mark.parametrize(("frames", "exceeds"), [(1, False), (1000, False), (1001, True)])
def test_frames_are_counted_up_to_the_limit(frames, exceeds):
    assert frames_exceed(animation_bomb(side=2, frames=frames), 1000) is exceeds


def test_an_animation_saved_in_code_over_the_budget_keeps_its_first_frame_only():
    started = time.monotonic()
    content = clean_image_content(io.BytesIO(animation_bomb()), "anim.gif").read()

    assert time.monotonic() - started < 2
    with Image.open(io.BytesIO(content)) as image:
        assert (image.size, getattr(image, "n_frames", 1)) == ((1400, 1400), 1)


def test_an_animation_within_the_budget_keeps_every_frame(settings):
    settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS = 3 * 200 * 200
    frames = [Image.new("RGB", (200, 200), (index * 100, 50, 50)) for index in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)

    content = cleaned(buffer.getvalue(), "anim.gif")

    with Image.open(io.BytesIO(content)) as image:
        assert image.n_frames == 3


def many_scans_jpeg(scans=2000) -> bytes:
    """A progressive JPEG whose last scan is repeated: each pass is decoded again."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(buffer, "JPEG", progressive=True)
    content = buffer.getvalue()
    last_scan = content[content.rindex(b"\xff\xda") : -2]
    return content[:-2] + last_scan * scans + b"\xff\xd9"


def test_a_jpeg_of_thousands_of_passes_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_image_file(SimpleUploadedFile("photo.jpg", many_scans_jpeg()))

    assert raised.value.code == "image_too_many_scans"


def test_an_ordinary_progressive_jpeg_is_accepted():
    validate_image_file(SimpleUploadedFile("photo.jpg", many_scans_jpeg(scans=0)))


# --- through the editor's upload and the admin -----------------------------------------------


@pytest.mark.django_db
def test_the_editor_upload_refuses_the_animation_bomb_at_once(editor_client, settings):
    started = time.monotonic()
    response = editor_client.post(
        reverse("portal:editor-image-upload"),
        {"upload": SimpleUploadedFile("anim.gif", animation_bomb())},
    )

    assert time.monotonic() - started < 3
    assert response.status_code == 400
    assert "1400×1400" in response.json()["error"]["message"]
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.gif"))


@pytest.mark.django_db
def test_the_editor_upload_stores_a_jpeg_without_any_metadata_segment(editor_client, settings):
    response = editor_client.post(
        reverse("portal:editor-image-upload"),
        {"upload": SimpleUploadedFile("photo.jpg", jpeg_with_everything())},
    )

    assert response.status_code == 200
    url = response.json()["url"]
    stored = (settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)).read_bytes()
    assert {marker for marker, _ in jpeg_segments(stored)} - {APP0} <= JPEG_SEGMENTS_ALLOWED
    assert SECRET_BYTES not in stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["<![foo[.jpg", "\x00.jpg", "a" * 500 + ".jpg", "../../x.jpg", "<!--.gif"]
)
def test_the_editor_upload_survives_any_file_name(editor_client, name):
    response = editor_client.post(
        reverse("portal:editor-image-upload"),
        {"upload": SimpleUploadedFile(name, jpeg_with_everything())},
    )

    assert response.status_code in (200, 400)


@pytest.mark.django_db
def test_the_admin_refuses_the_animation_bomb_as_a_lead_image(editor_client, rubric):
    url = reverse("admin:news_article_add")
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(
        title="Новость",
        lead="Коротко.",
        body="<p>Текст.</p>",
        rubric=str(rubric.pk),
        lead_image_alt="Анимация",
        lead_image_upload=SimpleUploadedFile("anim.gif", animation_bomb()),
    )

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "1400×1400" in page(response).text_content()
    assert not Article.objects.exists()


# --- files of countless parts: refused before Pillow reads them one by one -------------------


def png_of_countless_chunks(chunks=1_200_000) -> bytes:
    empty = b"zzZz"
    chunk = struct.pack(">I", 0) + empty + struct.pack(">I", zlib.crc32(empty))
    content = make_png()
    return content[:33] + chunk * chunks + content[33:]


def jpeg_of_countless_segments(segments=3_000_000) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    content = buffer.getvalue()
    return content[:2] + segment(0xE5, b"") * segments + content[2:]


def make_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


def gif_of_countless_comments(comments=2_500_000) -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (8, 8)).save(buffer, "GIF")
    content = buffer.getvalue()
    flags = content[10]
    screen_end = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    return content[:screen_end] + b"\x21\xfe\x01a\x00" * comments + content[screen_end:]


@pytest.mark.parametrize(
    "build",
    [png_of_countless_chunks, jpeg_of_countless_segments, gif_of_countless_comments],
    ids=["PNG", "JPEG", "GIF"],
)
def test_an_image_of_countless_parts_is_refused_at_once(build):
    content = build()
    assert len(content) < 15 * 1024 * 1024

    started = time.monotonic()
    with pytest.raises(ValidationError) as raised:
        validate_image_file(SimpleUploadedFile("picture", content))

    assert time.monotonic() - started < 2
    assert raised.value.code == "image_too_many_parts"


@pytest.mark.parametrize(("limit", "exceeds"), [(2, True), (3, False)])
def test_the_parts_of_a_png_are_counted_up_to_the_limit(limit, exceeds):
    assert too_many_parts(make_png(), limit) is exceeds  # IHDR, IDAT, IEND


def test_an_image_with_a_few_thousand_parts_is_accepted():
    validate_image_file(SimpleUploadedFile("picture.png", png_of_countless_chunks(5_000)))
    validate_image_file(SimpleUploadedFile("photo.jpg", jpeg_of_countless_segments(5_000)))
    validate_image_file(SimpleUploadedFile("anim.gif", gif_of_countless_comments(5_000)))
