"""Publishing an article enqueues its cross-posting when the transaction commits; a scheduled
article's task runs when it comes due. Old news imported is not cross-posted."""

from functools import partial

from django.db import transaction

from channels.crossposting.models import Channel
from channels.crossposting.tasks import crosspost_article
from channels.subscriptions.delivery import is_news
from news import signals


def connect():
    signals.article_published.connect(
        on_article_published, weak=False, dispatch_uid="crossposting-published"
    )


def on_article_published(sender, *, article, event, scheduled=False, **kwargs):
    if not is_news(article, event) or not Channel.objects.enabled().exists():
        return  # an import of old news, or no channel to post to: no task
    task = (
        crosspost_article.using(run_after=article.publish_at) if scheduled else crosspost_article
    )
    transaction.on_commit(partial(task.enqueue, article.pk))
