"""What starts a mailing: news' ``article_published`` and the save of a public event. Only a
task is enqueued (after the transaction commits); the work is done by ``delivery``."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from channels.subscriptions.delivery import is_news
from channels.subscriptions.models import Announcement
from channels.subscriptions.tasks import announce_article, announce_event
from news import signals
from partnerships.models import Event


def connect():
    signals.article_published.connect(
        on_article_published, weak=False, dispatch_uid="subscriptions-published"
    )
    post_save.connect(on_event_saved, sender=Event, dispatch_uid="subscriptions-event-saved")


def on_article_published(sender, *, article, event, scheduled=False, **kwargs):
    """One task per publication; a scheduled article's runs when it comes due."""
    if not is_news(article, event):
        return  # an import of old news does not fill the queue with tasks that do nothing
    task = announce_article.using(run_after=article.publish_at) if scheduled else announce_article
    transaction.on_commit(partial(task.enqueue, article.pk, event.pk))


def on_event_saved(sender, instance: Event, raw=False, **kwargs):
    if raw or not instance.is_published or not instance.is_upcoming or instance.has_expired:
        return
    if Announcement.objects.filter(event=instance).exists():
        return
    # A scheduled event is announced when it appears (the task checks it is public then).
    later = instance.publish_at is not None and instance.publish_at > timezone.now()
    task = announce_event.using(run_after=instance.publish_at) if later else announce_event
    transaction.on_commit(partial(task.enqueue, instance.pk))
