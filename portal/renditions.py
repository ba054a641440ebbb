"""Renditions are made by a task after upload, never in the editor's request nor a reader's.

Saving a record whose image has no renditions yet enqueues ``portal.tasks.make_renditions``
in the same transaction (the task's row commits with the record, or neither does). The task
makes every rendition imagekit declares for the image (those already there are kept), then
records the source file's name in ``<source>_renditions_of``. Pages compare that name with the
image's: until they match — and again as soon as a new image replaces the old one — they
show the uploaded image itself (validated and re-encoded on upload) and list no rendition,
so no ``<img>`` ever points at a file that is not there; the check costs no query.
"""

from typing import Any

from django.apps import apps
from django.db.models import F, Model
from django.db.models.fields.files import ImageFieldFile

from portal.cache import invalidate_content
from portal.images import (
    RENDITION_FORMATS,
    marker_attname,
    rendition_attname,
    rendition_extras,
    rendition_widths,
    renditions_ready,
)


class Deferred:
    """imagekit's cache file strategy: generate nothing on save or on access, check nothing."""

    def on_source_saved(self, file: ImageFieldFile) -> None:
        pass

    def should_verify_existence(self, file: ImageFieldFile) -> bool:
        return False


def enqueue_missing(
    sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any
) -> None:
    """``post_save`` receiver of the models with renditions: a task for each new image."""
    if raw:
        return
    from portal.tasks import make_renditions

    for source in rendition_widths(sender):
        image = getattr(instance, source)
        if image and not renditions_ready(instance, source):
            make_renditions.enqueue(sender._meta.label_lower, instance.pk, source, image.name)


def enqueue_all_missing() -> int:
    """A task for every image without its renditions (e.g. after a bulk load); how many."""
    from portal.tasks import make_renditions

    queued = 0
    for model in apps.get_models():
        for source in rendition_widths(model):
            missing = (
                model._default_manager.exclude(**{source: ""})
                .exclude(**{marker_attname(source): F(source)})
                .order_by("pk")
                .values_list("pk", source)
            )
            for pk, name in missing.iterator():
                make_renditions.enqueue(model._meta.label_lower, pk, source, name)
                queued += 1
    return queued


def make(model_label: str, pk: object, source: str, name: str) -> int:
    """Make the renditions of ``name`` if it is still the record's image; how many were made.

    Idempotent: files already made are kept, and the record is marked only while it still
    holds this image (a newer upload has a task of its own).
    """
    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None or getattr(instance, source).name != name:
        return 0
    if renditions_ready(instance, source):
        return 0
    made = 0
    for width in rendition_widths(model)[source]:
        for image_format, _mime in RENDITION_FORMATS:
            getattr(instance, rendition_attname(source, width, image_format)).generate()
            made += 1
    for attname in rendition_extras(model).get(source, ()):
        getattr(instance, attname).generate()
        made += 1
    marked = model._default_manager.filter(pk=pk, **{source: name}).update(
        **{marker_attname(source): name}
    )
    if marked:
        # Cached pages show the upload itself: render them anew (nothing leaves the site).
        invalidate_content(hard=False)
    return made
