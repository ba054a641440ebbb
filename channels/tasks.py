from django_tasks import task

from channels import notifications


@task()
def notify(kind: str, event_id: int) -> int:
    """Mail everyone concerned by the audit entry ``event_id``; returns how many were sent."""
    return notifications.send(kind, event_id)
