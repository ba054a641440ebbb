import datetime

from django_tasks import task

from channels import digest, notifications, reminders
from channels.mail import Refusals


@task()
def notify(kind: str, event_id: int) -> int:
    """Mail everyone concerned by the audit entry ``event_id``; returns how many were sent."""
    return notifications.send(kind, event_id)


@task()
def daily_check(day: str) -> int:
    """The reminders due on ``day`` (an ISO date, Moscow), then the daily digests — which
    collect today's reminders too; enqueued once a day by ``portal.periodic``."""
    date = datetime.date.fromisoformat(day)
    sent, refusals = 0, Refusals()
    for step in (reminders.send_due, digest.send_digests):  # a refused reminder holds no digest
        with refusals.each():
            sent += step(date)
    refusals.raise_first()
    return sent
