"""Adding files to the library: one image per content, whoever uploads it again."""

from django.core.files import File
from django.db import transaction

from media.models import Image, content_hash
from portal.images import clean_image_content


def cleaned_hash(file: File) -> str:
    """The content hash the file will have in the library (of its re-encoded content, as it
    is stored), so a second upload of the same photo is recognised."""
    name = getattr(file, "name", None) or "image"
    cleaned = clean_image_content(file, name)
    file.seek(0)
    return content_hash(cleaned.read())


def existing_copy(file: File) -> Image | None:
    """The library image with the same content as ``file``, if there is one."""
    return Image.objects.with_hash(cleaned_hash(file)).order_by("pk").first()


@transaction.atomic
def add_image(file: File, *, by=None, **details) -> tuple[Image, bool]:
    """The library image of ``file`` (validated beforehand) and whether it was added now; an
    image with the same content is returned instead of a second copy."""
    existing = existing_copy(file)
    if existing is not None:
        return existing, False
    image = Image(file=file, uploaded_by=by, **details)
    image.save()
    return image, True
