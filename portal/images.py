"""Upload validation, metadata stripping and responsive renditions for every image field.

Uploaded images are checked with Pillow (a real image of an allowed format, within size and
pixel limits, so decompression bombs are refused before decoding), then re-encoded with the
EXIF orientation applied and all metadata (GPS!) dropped. Renditions at several widths, as
WebP and as a JPEG fallback, are django-imagekit cache files made by a task after the source
is saved (``portal.renditions``); a public request only computes their URLs, and shows the
upload itself until they are made.
"""

import io
import struct
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.db import models
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError
from slugify import slugify

from portal.gif_frames import frames_exceed, gif_exceeds
from portal.image_structure import too_many_parts

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = (("WEBP", "image/webp"), ("JPEG", "image/jpeg"))
DISPLAY_INFO = ("transparency", "background")  # what showing the pixels needs, nothing else
# A progressive JPEG is decoded once per scan; cameras write about ten. Thousands of scans
# make a small file take minutes to decode, so they are counted (cheaply) before decoding.
MAX_JPEG_SCANS = 100
MAX_ANIMATION_FRAMES = 1000
MAX_IMAGE_PARTS = 20_000  # PNG chunks or JPEG header segments; a 15 MB PNG has about 2,000
MAX_GIF_BLOCKS = 200_000  # blocks and sub-blocks (of 255 bytes in a real GIF: 60,000 in 15 MB)
START_OF_SCAN = b"\xff\xda"  # never inside entropy-coded data, where 0xFF is escaped


def validate_image_file(file: File) -> None:
    """Refuse anything that is not a real image of an allowed format within the limits."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The image is too large: %(size)s. The limit is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(position)
        content = file.read(max_bytes + 1)
        if too_many_parts(content, MAX_IMAGE_PARTS):
            raise _too_many_parts(MAX_IMAGE_PARTS)
        _check_gif_structure(content)
        file.seek(position)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                image.verify()
            if image_format == "GIF":
                _check_animation(file, position, width, height)
            if image_format == "JPEG":
                _check_scans(file, position)
            # verify() passes a truncated JPEG: decode the pixels once (within the limits above).
            file.seek(position)
            with Image.open(file) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The file is not an image or is damaged. Upload a JPEG, PNG, WebP or GIF image."),
            code="not_an_image",
        ) from error
    finally:
        file.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Images of format %(format)s are not accepted. Upload a JPEG, PNG, WebP or GIF."),
            code="image_format",
            params={"format": image_format},
        )


def validate_new_image_file(file: File) -> None:
    """The model field's check. A file already in storage was checked when it was uploaded;
    it is not read again on every save of its record (Django may have closed it by then)."""
    if getattr(file, "_committed", False):
        return
    validate_image_file(file)


def _check_gif_structure(content: bytes) -> None:
    """Before Pillow opens a GIF (which reads every block up to the first frame) or counts its
    frames (every frame): at most so many blocks, and so many frames, each of which costs
    work however small it is."""
    if not content.startswith(b"GIF"):
        return
    excess = gif_exceeds(content, MAX_ANIMATION_FRAMES, MAX_GIF_BLOCKS)
    if excess == "frames":
        width, height = struct.unpack_from("<HH", content, 6)
        raise _animation_too_large(f"> {MAX_ANIMATION_FRAMES}", width, height)
    if excess == "blocks":
        raise _too_many_parts(MAX_GIF_BLOCKS)


def _check_animation(file: File, position: int, width: int, height: int) -> None:
    """Every frame of an animation is decoded and encoded again: its work is frames × pixels
    (700 frames of 1400×1400 fit in 1.9 MB and took a worker half a minute)."""
    file.seek(position)
    with Image.open(file) as image:
        frames = image.n_frames  # type: ignore[attr-defined]  # of multi-frame formats
    if frames > 1 and frames * width * height > settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS:
        raise _animation_too_large(frames, width, height)


def _animation_too_large(frames: int | str, width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "The animation is too large: %(frames)s frames of %(width)s×%(height)s pixels. "
            "All frames together may have at most %(limit)s megapixels and %(max_frames)s "
            "frames; upload a shorter or smaller animation, or a still image."
        ),
        code="animation_too_large",
        params={
            "frames": frames,
            "width": width,
            "height": height,
            "limit": settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS // 1_000_000,
            "max_frames": MAX_ANIMATION_FRAMES,
        },
    )


def _check_scans(file: File, position: int) -> None:
    file.seek(position)
    if file.read(settings.IMAGE_UPLOAD_MAX_BYTES + 1).count(START_OF_SCAN) > MAX_JPEG_SCANS:
        raise ValidationError(
            _(
                "The JPEG image is stored in too many passes to be decoded quickly. Open it "
                "and save it again as an ordinary JPEG."
            ),
            code="image_too_many_scans",
        )


def _too_many_parts(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The image file is made of too many parts (more than %(limit)s) to be read "
            "quickly. Open it and save it again."
        ),
        code="image_too_many_parts",
        params={"limit": limit},
    )


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000
    return ValidationError(
        _("The image has too many pixels; the limit is %(limit)s megapixels."),
        code="image_too_many_pixels",
        params={"limit": limit},
    )


def clean_image_content(file: File, name: str) -> ContentFile[bytes]:
    """Re-encode an uploaded image: orientation applied, colours in sRGB, no metadata at all.

    Only pixels (and what showing them needs: transparency, frame timing) are carried over to
    a new file, so EXIF, XMP, IPTC, ICC profiles, JPEG comments and APPn segments, PNG text
    chunks and GIF comment or application blocks, and bytes appended to the file, are gone.
    """
    file.seek(0)
    many_frames = frames_exceed(file.read(), MAX_ANIMATION_FRAMES)
    file.seek(0)
    with Image.open(file) as image:
        image_format = cast(str, image.format)  # opened from a file: always known
        frames = 1 if image_format != "GIF" or many_frames else image.n_frames  # type: ignore[attr-defined]
        if (
            frames > 1
            and frames * image.width * image.height <= settings.IMAGE_UPLOAD_MAX_ANIMATION_PIXELS
        ):
            content = _reencoded_animation(image)
        else:  # a still image, or (saved in code, never validated) the first frame only
            content = _reencoded_still(image, image_format)
    return ContentFile(content, name=normalised_filename(name, ALLOWED_FORMATS[image_format]))


def _reencoded_still(image: Image.Image, image_format: str) -> bytes:
    image = _in_srgb(ImageOps.exif_transpose(image))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.info = _display_info(image)
    buffer = io.BytesIO()
    options = {"quality": 88, "optimize": True} if image_format == "JPEG" else {}
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _reencoded_animation(image: Image.Image) -> bytes:
    frames, durations, disposals = [], [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        disposals.append(getattr(frame, "disposal_method", 0))
        # Pillow decodes the frames after the first to RGB; its own way back to a palette
        # takes five times as long as the fast octree.
        copy = (
            frame.quantize(256, method=Image.Quantize.FASTOCTREE)
            if frame.mode == "RGB"
            else frame.copy()
        )
        copy.info = _display_info(frame)
        frames.append(copy)
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        disposal=disposals if len(set(disposals)) > 1 else disposals[0],  # a list fails
        # in Pillow when every frame is the same and they are merged into one
        loop=image.info.get("loop", 0),
    )
    return buffer.getvalue()


def _display_info(image: Image.Image) -> dict[str | tuple[int, int], Any]:
    return {key: image.info[key] for key in DISPLAY_INFO if key in image.info}


def _in_srgb(image: Image.Image) -> Image.Image:
    """Pixels converted from their embedded colour profile, which is then not kept: a profile
    can carry any text, and browsers assume sRGB."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return cast(
            Image.Image,
            ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            ),
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile is dropped as it is


def normalised_filename(name: str, extension: str) -> str:
    """A transliterated, lower-case, safe file name with the extension of the real format."""
    stem = slugify(PurePath(name).stem, max_length=60) or "image"
    return f"{stem}.{extension}"


class ValidatedImageFormField(forms.ImageField):
    """Runs our checks before Django's, so a form names the real problem (e.g. a bomb's size)."""

    def to_python(self, data: Any) -> File | None:
        if data not in self.empty_values:
            validate_image_file(data)
        return super().to_python(data)


class ValidatedImageField(models.ImageField):
    """An ImageField whose uploads are validated and stripped of metadata before storage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_new_image_file)

    # Django passes form_class and the rest as keywords, all taken here as **kwargs.
    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        return super().formfield(**{"form_class": ValidatedImageFormField, **kwargs})

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = clean_image_content(file.file, file.name)
            file.save(cleaned.name, cleaned, save=False)
        return super().pre_save(model_instance, add)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def add_renditions(
    model: type[models.Model],
    source: str,
    widths: Sequence[int] = RENDITION_WIDTHS,
    extra: Sequence[str] = (),
) -> None:
    """Attach imagekit spec fields ``<source>_<width>_<format>`` to ``model``, made by a task
    after each new image is saved; ``model`` declares ``<source>_renditions_of``. ``extra``
    names spec fields the model declares itself (e.g. crops) that the task makes with them."""
    from portal import renditions

    for width in widths:
        for image_format, _mime in RENDITION_FORMATS:
            spec = ImageSpecField(
                source=source,
                processors=[ResizeToFit(width=width, upscale=False)],
                format=image_format,
                options={"quality": 80 if image_format == "WEBP" else 85},
            )
            model.add_to_class(rendition_attname(source, width, image_format), spec)
    model._rendition_widths = {**rendition_widths(model), source: widths}  # type: ignore[attr-defined]
    model._rendition_extras = {**rendition_extras(model), source: tuple(extra)}  # type: ignore[attr-defined]
    post_save.connect(
        renditions.enqueue_missing, sender=model, dispatch_uid=f"renditions-{model._meta.label}"
    )


def rendition_widths(model: type[models.Model]) -> dict[str, Sequence[int]]:
    """The widths of the renditions of each image field of ``model`` (``add_renditions``)."""
    widths: dict[str, Sequence[int]] = getattr(model, "_rendition_widths", {})
    return widths


def rendition_extras(model: type[models.Model]) -> dict[str, Sequence[str]]:
    """The other spec fields made with the renditions of each image field (``add_renditions``)."""
    extras: dict[str, Sequence[str]] = getattr(model, "_rendition_extras", {})
    return extras


def followed(instance: models.Model, source: str) -> tuple[models.Model, str]:
    """The record and field holding the file: a reference to a library image (a record that
    names its ``rendition_source``) is followed to the image, so pages, feeds and the API
    ask an article for its ``lead_image`` renditions as they did when it held the file."""
    value = getattr(instance, source, None)
    target = getattr(value, "rendition_source", None)
    if isinstance(value, models.Model) and isinstance(target, str):
        return value, target
    return instance, source


def renditions_marker() -> models.CharField:
    """The ``<source>_renditions_of`` field a model with renditions declares."""
    return models.CharField(
        _("renditions made of"), max_length=255, blank=True, default="", editable=False
    )


def marker_attname(source: str) -> str:
    """The field holding the name of the image whose renditions exist."""
    return f"{source}_renditions_of"


def renditions_ready(instance: models.Model, source: str) -> bool:
    instance, source = followed(instance, source)
    image = getattr(instance, source)
    return bool(image) and getattr(instance, marker_attname(source), None) == image.name


def rendition_attname(source: str, width: int, image_format: str) -> str:
    return f"{source}_{width}_{image_format.lower()}"


_URL_CACHE_SIZE = 20_000
_rendition_urls: dict[tuple[str, str, str], str] = {}


def _forget_rendition_urls(*, setting: str, **kwargs: Any) -> None:
    """Another storage or media address (the tests' buckets): the URLs kept are not its."""
    if setting in ("STORAGES", "MEDIA_URL"):
        _rendition_urls.clear()


setting_changed.connect(_forget_rendition_urls, dispatch_uid="portal.images.rendition-urls")


def rendition_url(instance: models.Model, source: str, width: int, image_format: str) -> str:
    """The URL of one rendition, remembered per process; the upload's own until it is made.

    imagekit derives a rendition's name by hashing the source name with the spec, which
    costs more than the rest of a list page; a source file never changes under its name
    (a new upload gets a new one), so the URL can be kept.
    """
    instance, source = followed(instance, source)
    if not renditions_ready(instance, source):
        return getattr(instance, source).url
    attname = rendition_attname(source, width, image_format)
    key = (type(instance).__name__, attname, getattr(instance, source).name)
    url = _rendition_urls.get(key)
    if url is None:
        if len(_rendition_urls) >= _URL_CACHE_SIZE:
            _rendition_urls.clear()
        url = _rendition_urls[key] = getattr(instance, attname).url
    return url


def original(instance: models.Model, source: str) -> Rendition | None:
    """The uploaded image itself, at its stored size (None without an image)."""
    instance, source = followed(instance, source)
    image = getattr(instance, source)
    if not image:
        return None
    width = _dimension(instance, source, "width")
    height = _dimension(instance, source, "height")
    return Rendition(image.url, width, height)


def _dimension(instance: models.Model, source: str, dimension: str) -> int:
    field = instance._meta.get_field(source)
    attname = getattr(field, f"{dimension}_field", None) or f"{source}_{dimension}"
    return getattr(instance, attname, None) or 0


def renditions(instance: models.Model, source: str, image_format: str) -> list[Rendition]:
    """Renditions of one format, computed from stored dimensions without touching storage;
    none until the task has made them."""
    instance, source = followed(instance, source)
    if not renditions_ready(instance, source):
        return []
    original_width = _dimension(instance, source, "width")
    original_height = _dimension(instance, source, "height")
    result = []
    for width in rendition_widths(type(instance))[source]:
        actual_width = min(width, original_width) if original_width else width
        height = round(original_height * actual_width / original_width) if original_width else 0
        url = rendition_url(instance, source, width, image_format)
        result.append(Rendition(url, actual_width, height))
        if original_width and width >= original_width:
            break
    return result


def crop_attname(source: str, crop: str) -> str:
    return f"{source}_crop_{crop}"


def crop_url(instance: models.Model, source: str, crop: str, fallback_width: int = 960) -> str:
    """The URL of a cropped rendition (``<source>_crop_<crop>``, e.g. the Open Graph preview
    that keeps a library image's focal point in frame); a plain rendition where the image has
    no such crop or the task has not made it yet; "" without an image."""
    instance, source = followed(instance, source)
    if not getattr(instance, source, None):
        return ""
    attname = crop_attname(source, crop)
    if not hasattr(type(instance), attname) or not renditions_ready(instance, source):
        return rendition_url(instance, source, fallback_width, "JPEG")
    return _crop_url(instance, source, attname)


def _crop_url(instance: models.Model, source: str, attname: str) -> str:
    """A crop's URL, remembered per process like the renditions' (``rendition_url``): its
    name depends on the focal point as well as the file's."""
    focal_point = getattr(instance, "focal_point", None)
    key = (type(instance).__name__, attname, f"{getattr(instance, source).name}@{focal_point}")
    url = _rendition_urls.get(key)
    if url is None:
        if len(_rendition_urls) >= _URL_CACHE_SIZE:
            _rendition_urls.clear()
        url = _rendition_urls[key] = str(getattr(instance, attname).url)
    return url


def crops(instance: models.Model, source: str, crop_set: str) -> list[Rendition]:
    """The crops of one set (e.g. the 16:9 card at two widths), smallest first; none for an
    image without crops or until the task has made them."""
    instance, source = followed(instance, source)
    names = getattr(instance, "crop_sets", {}).get(crop_set, ())
    if not names or not renditions_ready(instance, source):
        return []
    sizes = instance.crop_sizes  # type: ignore[attr-defined]  # declared with crop_sets
    return [
        Rendition(_crop_url(instance, source, crop_attname(source, name)), *sizes[name])
        for name in names
    ]
