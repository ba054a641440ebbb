"""Sending, editing and deleting channel posts, once each.

A post is claimed by moving it to ``SENDING`` in its own committed update before the network
is called, and recorded ``POSTED`` with the remote id right after. A task run again finds it
posted (or being sent) and posts nothing. The one gap is a crash between the network's answer
and that record: the post stays ``SENDING``, and the next task to find it so after
``CROSSPOST_SENDING_STALE_SECONDS`` marks it ``UNCERTAIN`` for the editor to check the channel
and retry by hand. We chose at most once: a missing post is one click away, a duplicate in
the city's channel is not undone. For the same reason a posting request whose answer is lost
(read timeout, connection broken mid-way) is uncertain, never retried by itself; a network
that cannot be reached, an error page or a flood limit is retried later.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from channels.crossposting import compose
from channels.crossposting.clients import ChannelError, Failure, Remote
from channels.crossposting.clients.ok import OKClient
from channels.crossposting.clients.telegram import TelegramClient
from channels.crossposting.clients.vk import VKClient
from channels.crossposting.models import Channel, ChannelPost, Network, PostAttempt
from news.models import Article
from portal.models import AuditEvent
from portal.queue import backoff

logger = logging.getLogger(__name__)

Status, Outcome, Action = ChannelPost.Status, PostAttempt.Outcome, PostAttempt.Action
SENDABLE = (Status.NEW, Status.RETRYING, Status.DELETED)


def client_for(channel: Channel):
    if not channel.token or not channel.target:
        raise ChannelError(Failure.FATAL, _("The channel has no token or no channel set."))
    if channel.network == Network.TELEGRAM:
        return TelegramClient(channel.token, channel.target)
    if channel.network == Network.VK:
        return VKClient(channel.token, channel.target)
    return OKClient(channel.token, channel.target, channel.application_key, channel.app_secret)


def ensure_posts(article: Article) -> list[ChannelPost]:
    """The article's post for each enabled channel; those missing are made with the
    rubric's default (articles that never went through the admin's form)."""
    posts = {post.network: post for post in article.channel_posts.all()}
    for channel in Channel.objects.enabled().prefetch_related("rubrics"):
        if channel.network not in posts:
            posts[channel.network], _made = ChannelPost.objects.get_or_create(
                article=article,
                network=channel.network,
                defaults={"selected": channel.default_for(article)},
            )
    return list(posts.values())


def crosspost(article_id: int) -> int:
    """Enqueue one task per channel the public article is still to be posted to."""
    from channels.crossposting.tasks import send_post

    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.is_public:
        return 0  # withdrawn, deleted, or moved later (that move enqueued its own task)
    enabled = set(Channel.objects.enabled().values_list("network", flat=True))
    due = [
        post.pk
        for post in ensure_posts(article)
        if post.selected and post.status in SENDABLE and post.network in enabled
    ]
    for post_id in due:
        transaction.on_commit(partial(send_post.enqueue, post_id))
    return len(due)


def publish(post_id: int) -> str:
    """Post ``post_id`` to its channel unless it is posted, being sent or not wanted."""
    post = ChannelPost.objects.select_related("article").filter(pk=post_id).first()
    if post is None:
        return ""
    if post.status == Status.SENDING:
        return _settle_stale(post)
    channel = Channel.objects.filter(network=post.network, enabled=True).first()
    if not (post.selected and post.status in SENDABLE and post.article.is_public and channel):
        return post.status
    claimed = ChannelPost.objects.filter(pk=post.pk, status=post.status).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return ChannelPost.objects.get(pk=post.pk).status  # another task took it
    post.refresh_from_db()
    attempt = PostAttempt.objects.create(post=post, action=Action.POST)
    try:
        draft, _was_cut, _limit = compose.draft(post.article, post, post.network)
    except Exception:  # nothing was sent: a failure, not an uncertainty
        logger.exception("The post of article %s could not be prepared", post.article_id)
        error = ChannelError(Failure.FATAL, _("The post could not be prepared (its image?)."))
        return _failed(post, attempt, error)
    try:
        remote = client_for(channel).post(draft)
    except ChannelError as error:
        return _failed(post, attempt, error)
    except Exception:
        logger.exception("Posting %s of article %s failed unexpectedly", post.network, post.pk)
        error = ChannelError(Failure.UNCERTAIN, _("An unexpected error while posting."))
        return _failed(post, attempt, error)
    with transaction.atomic():
        _record(post, Status.POSTED, remote=remote, posted_at=timezone.now())
        _finish(attempt, Outcome.DONE, remote=remote)
        _audit(AuditEvent.Action.CROSSPOSTED, post, remote.url or remote.id)
    return Status.POSTED


def _settle_stale(post: ChannelPost) -> str:
    """A post left ``SENDING`` by a task that stopped (see the module's docstring)."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.CROSSPOST_SENDING_STALE_SECONDS)
    if post.updated_at > stale:
        return post.status  # another task is sending it now
    attempt = post.tries.filter(outcome=Outcome.RUNNING).first() or PostAttempt(
        post=post, action=Action.POST
    )
    reason = _(
        "The sending stopped before the network's answer was recorded: check the channel "
        "and retry by hand if the post is not there."
    )
    with transaction.atomic():
        if not ChannelPost.objects.filter(pk=post.pk, status=Status.SENDING).update(
            status=Status.UNCERTAIN, updated_at=timezone.now()
        ):
            return ChannelPost.objects.get(pk=post.pk).status
        _finish(attempt, Outcome.UNCERTAIN, error=reason)
        _audit(AuditEvent.Action.CROSSPOST_FAILED, post, reason)
    return Status.UNCERTAIN


def _failed(post: ChannelPost, attempt: PostAttempt, error: ChannelError) -> str:
    from channels.crossposting.tasks import send_post

    if error.failure == Failure.RETRY and post.attempts < settings.CROSSPOST_MAX_ATTEMPTS:
        run_after = _retry_time(post.attempts, error)
        reason = _("%(reason)s Next try at %(time)s.") % {
            "reason": error.reason,
            "time": formats.time_format(timezone.localtime(run_after), "H:i"),
        }
        with transaction.atomic():
            _record(post, Status.RETRYING)
            _finish(attempt, Outcome.RETRY, error=reason)
            transaction.on_commit(partial(send_post.using(run_after=run_after).enqueue, post.pk))
        return Status.RETRYING
    uncertain = error.failure == Failure.UNCERTAIN
    reason = error.reason
    if error.failure == Failure.RETRY:
        reason = _("%(reason)s Gave up after %(count)s tries; retry by hand.") % {
            "reason": error.reason,
            "count": post.attempts,
        }
    elif uncertain:
        reason = _("%(reason)s The post may have been made: check the channel.") % {
            "reason": error.reason
        }
    with transaction.atomic():
        _record(post, Status.UNCERTAIN if uncertain else Status.FAILED)
        _finish(attempt, Outcome.UNCERTAIN if uncertain else Outcome.FAILED, error=reason)
        _audit(AuditEvent.Action.CROSSPOST_FAILED, post, reason)
    return Status.UNCERTAIN if uncertain else Status.FAILED


def _retry_time(attempts: int, error: ChannelError) -> datetime.datetime:
    if error.retry_after:
        delay = datetime.timedelta(seconds=error.retry_after)
    else:
        delay = backoff(attempts)
    return timezone.now() + delay


def change(post_id: int, action: str, attempt_no: int = 1) -> str:
    """Edit (to the article's text now) or delete the post in its channel."""
    from channels.crossposting.tasks import change_post

    post = ChannelPost.objects.select_related("article").filter(pk=post_id).first()
    if post is None or post.status != Status.POSTED:
        return post.status if post else ""
    attempt = PostAttempt.objects.create(post=post, action=action)
    channel = Channel.objects.filter(network=post.network).first()
    remote = Remote(post.remote_id, post.remote_url, post.remote_data)
    try:
        if channel is None:
            raise ChannelError(Failure.FATAL, _("The channel has no token or no channel set."))
        client = client_for(channel)
        if not hasattr(client, "delete"):
            raise ChannelError(
                Failure.FATAL,
                _("Posts in OK are edited and deleted in the group itself."),
            )
        if action == Action.DELETE:
            client.delete(remote)
        else:
            client.edit(remote, compose.draft(post.article, post, post.network)[0])
    except ChannelError as error:
        retry = error.failure == Failure.RETRY and attempt_no < settings.CROSSPOST_MAX_ATTEMPTS
        with transaction.atomic():
            _finish(attempt, Outcome.RETRY if retry else Outcome.FAILED, error=error.reason)
            if retry:
                later = change_post.using(run_after=_retry_time(attempt_no, error))
                transaction.on_commit(partial(later.enqueue, post.pk, action, attempt_no + 1))
            else:
                _audit(AuditEvent.Action.CROSSPOST_FAILED, post, error.reason)
        return post.status
    with transaction.atomic():
        _finish(attempt, Outcome.DONE, remote=remote)
        if action == Action.DELETE:
            _record(post, Status.DELETED, remote=Remote(""), posted_at=None)
            _audit(AuditEvent.Action.CROSSPOST_DELETED, post, remote.url or remote.id)
        else:
            _audit(AuditEvent.Action.CROSSPOST_EDITED, post, remote.url or remote.id)
    return Status.DELETED if action == Action.DELETE else post.status


def retry_by_hand(posts) -> int:
    """The editor's «retry»: failed, uncertain or waiting posts are sent again now."""
    from channels.crossposting.tasks import send_post

    ids = list(
        posts.filter(status__in=(Status.FAILED, Status.UNCERTAIN, Status.RETRYING, Status.NEW))
        .filter(selected=True)
        .values_list("pk", flat=True)
    )
    ChannelPost.objects.filter(pk__in=ids).update(
        status=Status.RETRYING, attempts=0, updated_at=timezone.now()
    )
    for post_id in ids:
        transaction.on_commit(partial(send_post.enqueue, post_id))
    return len(ids)


def change_by_hand(posts, action: str) -> int:
    from channels.crossposting.tasks import change_post

    ids = list(posts.filter(status=Status.POSTED).values_list("pk", flat=True))
    for post_id in ids:
        transaction.on_commit(partial(change_post.enqueue, post_id, action))
    return len(ids)


def _record(post: ChannelPost, status: str, *, remote: Remote | None = None, **fields) -> None:
    if remote is not None:
        fields.update(remote_id=remote.id, remote_url=remote.url, remote_data=remote.data)
    ChannelPost.objects.filter(pk=post.pk).update(
        status=status, updated_at=timezone.now(), **fields
    )
    post.status = status


def _finish(attempt: PostAttempt, outcome: str, *, remote=None, error="") -> None:
    attempt.outcome, attempt.error, attempt.finished_at = outcome, error, timezone.now()
    if remote is not None:
        attempt.remote_id, attempt.remote_url = remote.id, remote.url
    attempt.save()


def _audit(action: str, post: ChannelPost, note: str) -> None:
    AuditEvent.objects.record(action, post.article, note=f"{post.get_network_display()}: {note}")
