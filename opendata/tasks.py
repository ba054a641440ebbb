from django_tasks import task

from opendata import versions


@task()
def record_versions(day: str) -> int:
    """Record a new version of every open data set whose public data changed; enqueued once
    a day by ``portal.periodic`` (``day``, an ISO date, only names the run). Returns how
    many versions were recorded."""
    before = {name: latest.pk if latest else None for name, latest in _latest().items()}
    after = versions.record_changes()
    return sum(1 for name, latest in after.items() if latest and latest.pk != before[name])


def _latest():
    return {data_set.name: versions.latest_version(data_set) for data_set in versions.SETS}
