from django_tasks import task

from news.importing import runs
from portal.queue import lease_keeper


@task(takes_context=True)
def import_news(context, run_id: int) -> str:
    """Run the import ``run_id`` started in the admin; returns its final status."""
    return runs.run_import(run_id, keep_lease=lease_keeper(context.task_result.id))
