import datetime

from django.conf import settings
from django_tasks import task

from portal import renditions
from portal.desk import drafts


@task()
def make_renditions(model_label: str, pk: int, source: str, name: str) -> int:
    """Make the renditions of the image ``name`` of one record; returns how many were made."""
    return renditions.make(model_label, pk, source, name)


@task()
def purge_drafts(day: str) -> int:
    """Delete the autosaved drafts untouched for ``DESK_DRAFT_DAYS``; enqueued once a day by
    ``portal.periodic``. Returns how many were deleted."""
    return drafts.purge(datetime.timedelta(days=settings.DESK_DRAFT_DAYS))
