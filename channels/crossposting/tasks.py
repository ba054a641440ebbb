"""The cross-posting tasks; each is safe to run again (see ``services``)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from channels.crossposting import services


@task()
def crosspost_article(article_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return services.crosspost(article_id)


@task()
def send_post(post_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return services.publish(post_id)


@task()
def change_post(post_id: int, action: str, attempt_no: int = 1) -> str:
    """Edit or delete (``action``) a post in its channel."""
    with translation.override(settings.LANGUAGE_CODE):
        return services.change(post_id, action, attempt_no)
