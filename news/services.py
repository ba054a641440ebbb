"""Editorial writes that change what the public sees go through these functions.

Who may do what is decided here too, so that no admin action, form or command can make an
article public for someone without the ``news.publish_article`` permission:

* authors (``news.change_article`` without the publish permission) edit only their own
  articles, and only while these are drafts or in review; they submit them for review;
* editors with the publish permission publish, schedule, unpublish, archive and send back.

``by=None`` means the system itself (management commands, the demo content, imports): not
checked. For people, the content checks (``portal.content_checks``) come first: an article
with an error (an empty heading, an image without alt text, no lead, a title over 100
characters) is neither published nor submitted for review (``ContentNotReady``).
Every change of state is written to the audit trail (``portal.models.AuditEvent``) and, as
every save of an article, to its history (a django-reversion revision with user and comment).
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from news import signals
from news.models import Article
from portal.cache import content_change
from portal.content_checks import Report, check_content
from portal.models import AuditEvent

PUBLISH_PERMISSION = "news.publish_article"
AUTHOR_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)


def can_publish(user) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def works_on_own_articles_only(user) -> bool:
    """Writers who cannot publish see and change only the articles they created."""
    return not can_publish(user) and (
        user.has_perm("news.add_article") or user.has_perm("news.change_article")
    )


def can_edit(user, article: Article, status=None) -> bool:
    """May ``user`` change ``article`` (whose stored status is ``status``, if given)?"""
    if not user.has_perm("news.change_article"):
        return False
    if can_publish(user):
        return True
    status = status or article.status
    own = article.pk is None or article.created_by_id == user.pk
    return own and status in AUTHOR_STATUSES


def can_preview(user, article: Article) -> bool:
    """May ``user`` read ``article`` before it is public? Whoever may edit it, and its
    author (who keeps seeing it once it is scheduled or archived, as in the admin)."""
    if can_edit(user, article):
        return True
    return user.has_perm("news.change_article") and article.created_by_id == user.pk


class ContentNotReady(ValidationError):
    """The article has errors that the content checks say must be fixed first."""

    def __init__(self, article: Article, report: Report, *, submitting=False):
        self.article, self.report = article, report
        intro = (
            _("The article cannot be submitted for review until this is fixed:")
            if submitting
            else _("The article cannot be published until this is fixed:")
        )
        super().__init__([intro, *(finding.message for finding in report.errors)])


def check_article(article: Article) -> Report:
    """The content checks of ``article`` as it is in memory (``portal.content_checks``)."""
    return check_content(
        title=article.title,
        lead=article.lead,
        body=article.body,
        lead_limit=Article._meta.get_field("lead").max_length,
        lead_image_alt=article.lead_image_alt if article.lead_image_id else "",
        lead_image_caption=article.lead_image_caption,
    )


def needs_checks(status, previous_status) -> bool:
    """Is an article going to ``status`` from ``previous_status`` checked first? Whenever it
    is (or stays) public, and when it goes to review."""
    if status == Article.Status.PUBLISHED:
        return True
    return status == Article.Status.REVIEW and previous_status != Article.Status.REVIEW


def require_ready(article: Article, status, previous_status, *, by) -> None:
    """Refuse (``ContentNotReady``) to move ``article`` to ``status`` with errors in it."""
    if by is None or not needs_checks(status, previous_status):
        return
    report = check_article(article)
    if not report.ok:
        raise ContentNotReady(article, report, submitting=status == Article.Status.REVIEW)


def _require_publisher(by):
    if by is not None and not can_publish(by):
        raise PermissionDenied(_("Only the chief editor can publish, unpublish or archive."))


def stored_state(article: Article):
    """``(status, publish_at)`` of ``article`` as stored, before the edits in memory."""
    if article.pk is None or article._state.adding:
        return None, None
    return Article.objects.filter(pk=article.pk).values_list("status", "publish_at").first() or (
        None,
        None,
    )


def _save(article: Article, by, comment: str) -> None:
    article.updated_by = by
    with reversion.create_revision():
        article.save()
        if by is not None and by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)


def _hides(article: Article, previous_status, previous_publish_at) -> bool:
    """Will saving ``article`` take it off the public site (for the page cache: such a change
    is never served stale)?"""
    was_public = (
        previous_status == Article.Status.PUBLISHED
        and previous_publish_at is not None
        and previous_publish_at <= timezone.now()
    )
    # An article with a removal time hides itself later: its version's pages must never be
    # served stale past that moment, which a soft invalidation's previous version could be.
    return (was_public and not article.is_public) or article.expire_at is not None


def _moved(previous, current) -> bool:
    """Has the publication time changed? Forms keep whole seconds only."""
    if previous is None or current is None:
        return previous is not current
    return previous.replace(microsecond=0) != current.replace(microsecond=0)


def record_transition(article: Article, previous_status, previous_publish_at, *, by, note=""):
    """Write the audit entry for ``article`` having moved from ``previous_status``."""
    status, Action = article.status, AuditEvent.Action
    action = None
    if status == Article.Status.PUBLISHED and (
        previous_status != status or _moved(previous_publish_at, article.publish_at)
    ):
        action = Action.PUBLISHED if article.is_public else Action.SCHEDULED
    elif previous_status == Article.Status.PUBLISHED and status in AUTHOR_STATUSES:
        action = Action.UNPUBLISHED
    elif status == Article.Status.ARCHIVED and previous_status != status:
        action = Action.ARCHIVED
    elif status == Article.Status.REVIEW and previous_status != status:
        action = Action.SUBMITTED
    if action is not None:
        event = AuditEvent.objects.record(action, article, by=by, note=note)
        _announce(action, article, by=by, event=event)
    return action


def _announce(action, article: Article, *, by, event) -> None:
    Action = AuditEvent.Action
    if action == Action.SUBMITTED:
        signals.article_submitted.send(Article, article=article, by=by, event=event)
    elif action in (Action.PUBLISHED, Action.SCHEDULED):
        signals.article_published.send(
            Article, article=article, by=by, event=event, scheduled=action == Action.SCHEDULED
        )


def save_article(article: Article, *, by) -> Article:
    """Save an edit made in a form; publishing changes need the publish permission."""
    previous_status, previous_publish_at = stored_state(article)
    public_states = (Article.Status.PUBLISHED, Article.Status.ARCHIVED)
    changed = article.status != previous_status or _moved(previous_publish_at, article.publish_at)
    if changed and (article.status in public_states or previous_status in public_states):
        _require_publisher(by)
    if by is not None and not can_edit(by, article, status=previous_status):
        raise PermissionDenied(_("You cannot change this article."))
    require_ready(article, article.status, previous_status, by=by)
    with content_change(hides=_hides(article, previous_status, previous_publish_at)):
        _save(article, by, "")
        record_transition(article, previous_status, previous_publish_at, by=by)
    return article


def publish_article(article: Article, *, by=None, at=None) -> Article:
    """Make ``article`` public: at ``at``, at its future publication time, or now.

    A draft first published now is dated now, not when its draft was started.
    """
    _require_publisher(by)
    previous_status, previous_publish_at = stored_state(article)
    require_ready(article, Article.Status.PUBLISHED, previous_status, by=by)
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    if at is not None:
        article.publish_at = at
    elif article.first_published_at is None and article.publish_at <= now:
        article.publish_at = now
    with content_change(hides=_hides(article, previous_status, previous_publish_at)):
        _save(article, by, history_comment_of_publishing(article, now))
        record_transition(article, previous_status, previous_publish_at, by=by)
    return article


def history_comment_of_publishing(article: Article, now) -> str:
    if article.publish_at <= now:
        return pgettext("history", "Published")
    when = formats.date_format(timezone.localtime(article.publish_at), "j E, H:i")
    return pgettext("history", "Scheduled for %(when)s") % {"when": when}


def unpublish_article(article: Article, *, by=None) -> Article:
    """Take ``article`` off the public site; it returns to drafts and keeps its address."""
    _require_publisher(by)
    previous_status, previous_publish_at = stored_state(article)
    article.status = Article.Status.DRAFT
    _save(article, by, pgettext("history", "Unpublished"))
    record_transition(article, previous_status, previous_publish_at, by=by)
    return article


def archive_article(article: Article, *, by=None) -> Article:
    """Move ``article`` to the archive: off the public site, out of the editors' way."""
    _require_publisher(by)
    previous_status, previous_publish_at = stored_state(article)
    article.status = Article.Status.ARCHIVED
    _save(article, by, pgettext("history", "Archived"))
    record_transition(article, previous_status, previous_publish_at, by=by)
    return article


def withdraw_preview_links(article: Article, *, by=None) -> Article:
    """Every preview link given out for ``article`` so far stops working; new ones work.

    Saved through the optimistic lock: a form opened before cannot bring the old links back.
    """
    _require_publisher(by)
    article.preview_link_version += 1
    article.save(update_fields=["preview_link_version"])
    return article


def submit_for_review(article: Article, *, by=None) -> Article:
    """The author hands ``article`` to the chief editor."""
    previous_status, previous_publish_at = stored_state(article)
    if by is not None and not can_edit(by, article, status=previous_status):
        raise PermissionDenied(_("You cannot change this article."))
    require_ready(article, Article.Status.REVIEW, previous_status, by=by)
    article.status = Article.Status.REVIEW
    _save(article, by, pgettext("history", "Submitted for review"))
    record_transition(article, previous_status, previous_publish_at, by=by)
    return article


def send_back(article: Article, *, by=None, note: str) -> Article:
    """The chief editor returns ``article`` to its author as a draft, saying what to change."""
    _require_publisher(by)
    if not note.strip():
        raise ValueError("Sending an article back needs a comment for the author.")
    article.status = Article.Status.DRAFT
    _save(article, by, pgettext("history", "Sent back with a comment: %(note)s") % {"note": note})
    event = AuditEvent.objects.record(AuditEvent.Action.SENT_BACK, article, by=by, note=note)
    signals.article_sent_back.send(Article, article=article, by=by, event=event, note=note)
    return article


def review_notes(article: Article):
    """The chief editor's comments on ``article``, the latest first."""
    return (
        AuditEvent.objects.for_object(article)
        .filter(action=AuditEvent.Action.SENT_BACK)
        .select_related("actor")
    )
