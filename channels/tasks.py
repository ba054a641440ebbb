import datetime

from django_tasks import task

from channels import digest, notifications, reminders


@task()
def notify(kind: str, event_id: int) -> int:
    """Mail everyone concerned by the audit entry ``event_id``; returns how many were sent."""
    return notifications.send(kind, event_id)


@task()
def daily_check(day: str) -> int:
    """The reminders due on ``day`` (an ISO date, Moscow), then the daily digests — which
    collect today's reminders too; enqueued once a day by ``portal.periodic``."""
    date = datetime.date.fromisoformat(day)
    return reminders.send_due(date) + digest.send_digests(date)
