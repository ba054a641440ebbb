"""Uploads are judged by their content: SVG and HTML never get in, whatever they are called;
what gets in is re-encoded (nothing appended survives) under a normalised name."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from PIL import Image

from portal.documents import ValidatedPDFField, normalised_document_name, validate_pdf
from portal.images import ValidatedImageField, clean_image_content, validate_image_file
from tests.support import make_image_bytes, pdf_bytes

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
SVG_BARE = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
GIF_HEADED_HTML = b"GIF89a<html><script>alert(1)</script></html>"
PNG_HEADED_HTML = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"
PAYLOAD = b"<script>alert(1)</script>"

DISGUISES = {
    "SVG named .jpg": ("photo.jpg", SVG, "image/jpeg"),
    "SVG named .svg": ("logo.svg", SVG, "image/svg+xml"),
    "bare SVG named .png": ("logo.png", SVG_BARE, "image/png"),
    "HTML named .jpg": ("photo.jpg", HTML, "image/jpeg"),
    "HTML named .html": ("page.html", HTML, "text/html"),
    "HTML behind a GIF signature": ("anim.gif", GIF_HEADED_HTML, "image/gif"),
    "HTML behind a PNG signature": ("pic.png", PNG_HEADED_HTML, "image/png"),
    "empty file": ("empty.jpg", b"", "image/jpeg"),
}


def minimal_pdf(extra: bytes = b"") -> bytes:
    return pdf_bytes(catalog=extra)


def uploaded(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("case", DISGUISES)
def test_image_validation_refuses_markup_in_disguise(case):
    with pytest.raises(ValidationError):
        validate_image_file(uploaded(*DISGUISES[case]))


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF", "WEBP"])
def test_bytes_appended_to_a_real_image_do_not_survive(image_format):
    content = make_image_bytes(image_format=image_format) + PAYLOAD
    upload = uploaded(f"polyglot.{image_format.lower()}", content)
    validate_image_file(upload)
    cleaned = clean_image_content(upload, upload.name).read()
    assert PAYLOAD not in cleaned
    assert Image.open(io.BytesIO(cleaned)).format == image_format


def test_an_animated_gif_keeps_its_frames_but_not_what_was_appended():
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    upload = uploaded("anim.gif", buffer.getvalue() + PAYLOAD)
    validate_image_file(upload)
    cleaned = clean_image_content(upload, upload.name).read()
    assert PAYLOAD not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 3


def test_gps_and_other_exif_are_stripped():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (48.0, 30.0, 0.0), 1: "N"}  # GPS IFD
    content = make_image_bytes(exif=exif.tobytes())
    assert b"PhoneMaker" in content
    cleaned = clean_image_content(uploaded("IMG_1.JPG", content), "IMG_1.JPG").read()
    assert b"PhoneMaker" not in cleaned
    assert not Image.open(io.BytesIO(cleaned)).getexif()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("Фото с форума (1).JPG", "foto-s-foruma-1.jpg"),
        ("shell.php.jpg", "shell-php.jpg"),
        ("logo.svg", "logo.jpg"),
        ("page.html", "page.jpg"),
        ("\x00.jpg", "image.jpg"),
        ("a" * 300 + ".jpg", "a" * 60 + ".jpg"),
    ],
)
def test_image_names_are_normalised_to_the_real_format(name, expected):
    cleaned = clean_image_content(uploaded(name, make_image_bytes()), name)
    assert cleaned.name == expected


def file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


@pytest.mark.parametrize(("label", "field"), list(file_fields()), ids=lambda v: str(v))
def test_every_file_field_refuses_svg_and_html(label, field):
    """Every upload field of every model checks content, not names."""
    if isinstance(field, models.ImageField):
        assert isinstance(field, ValidatedImageField), f"{label} must be a ValidatedImageField"
    for case in ("SVG named .jpg", "HTML named .html", "bare SVG named .png"):
        name, content, content_type = DISGUISES[case]
        with pytest.raises(ValidationError):
            field.run_validators(uploaded(name, content, content_type))


# --- the CKEditor upload ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", ["SVG named .svg", "HTML named .jpg", "HTML behind a GIF signature"]
)
@pytest.mark.parametrize("url", ["/editor/upload-image/", "/ckeditor5/image_upload/"])
def test_the_editor_upload_refuses_markup(editor_client, settings, case, url):
    response = editor_client.post(url, {"upload": uploaded(*DISGUISES[case])})
    assert response.status_code == 400
    assert "error" in response.json()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_the_library_upload_address_is_ours(editor_client):
    response = editor_client.post(
        "/ckeditor5/image_upload/", {"upload": uploaded("x.jpg", make_image_bytes())}
    )
    assert response.status_code == 200
    assert response.json()["url"].startswith("/media/media/")
    assert reverse("ck_editor_5_upload_file") == "/ckeditor5/image_upload/"


@pytest.mark.django_db
def test_the_editor_upload_is_for_staff_only(client, django_user_model):
    response = client.post(
        "/ckeditor5/image_upload/", {"upload": uploaded("x.jpg", make_image_bytes())}
    )
    assert response.status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 12))
    response = client.post(
        "/editor/upload-image/", {"upload": uploaded("x.jpg", make_image_bytes())}
    )
    assert response.status_code == 302


# --- documents (PDF) -------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_and_left_readable():
    upload = uploaded("agreement.pdf", minimal_pdf())
    upload.seek(5)
    validate_pdf(upload)
    assert upload.tell() == 5


@pytest.mark.parametrize(
    ("case", "content"),
    [
        ("HTML named .pdf", HTML),
        ("SVG named .pdf", SVG),
        ("image named .pdf", make_image_bytes()),
        ("empty", b""),
        ("signature later in the file", b"junk\n" + minimal_pdf()),
        ("cut off (no %%EOF)", minimal_pdf()[:-7]),
        ("HTML after the signature", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"),
        ("SVG after the signature", b"%PDF-1.7\n" + SVG + b"\n%%EOF\n"),
        (
            "JavaScript action",
            minimal_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> "),
        ),
        ("escaped JavaScript name", minimal_pdf(b"/OpenAction << /S /J#61vaScript /JS (x) >> ")),
        ("launch action", minimal_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >> ")),
        ("embedded file", minimal_pdf(b"/Names << /EmbeddedFiles << >> >> ")),
        ("XFA form", minimal_pdf(b"/AcroForm << /XFA 5 0 R >> ")),
    ],
)
def test_anything_but_a_passive_pdf_is_refused(case, content):
    with pytest.raises(ValidationError):
        validate_pdf(uploaded("agreement.pdf", content, "application/pdf"))


def test_a_pdf_over_the_limit_is_refused(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_pdf(uploaded("big.pdf", minimal_pdf() + b"%" + b"x" * 200 + b"\n%%EOF\n"))
    assert error.value.code == "document_too_large"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Соглашение (скан).PDF", "soglashenie-skan.pdf"),
        ("../../evil.html", "evil.pdf"),
        ("C:\\Users\\x\\Договор.pdf", "c-users-x-dogovor.pdf"),
        ("", "document.pdf"),
    ],
)
def test_document_names_are_normalised(name, expected):
    assert normalised_document_name(name) == expected


def test_the_pdf_field_validates_and_names_its_files():
    field = ValidatedPDFField("file", upload_to="documents/%Y/")
    assert validate_pdf in field.validators
    assert field.generate_filename(None, "../../Соглашение.PDF").endswith("/soglashenie.pdf")
    field.run_validators(uploaded("a.pdf", minimal_pdf()))
    with pytest.raises(ValidationError):
        field.run_validators(uploaded("a.pdf", HTML))
    widget = field.formfield().widget
    assert widget.attrs["accept"] == "application/pdf,.pdf"
