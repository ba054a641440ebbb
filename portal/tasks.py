from django_tasks import task

from portal import renditions


@task()
def make_renditions(model_label: str, pk: int, source: str, name: str) -> int:
    """Make the renditions of the image ``name`` of one record; returns how many were made."""
    return renditions.make(model_label, pk, source, name)
