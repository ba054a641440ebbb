"""Editorial writes that change what the public sees go through these functions.

The rules are the portal's editorial workflow (``portal.workflow``), shared with pages: who
may do what (authors with ``news.change_article`` edit their own drafts and submit them for
review; editors with ``news.publish_article`` publish, schedule, unpublish, archive and send
back), the content checks before publishing or submitting (``ContentNotReady``), a revision
for every save and an audit entry for every change of state. ``by=None`` means the system
itself (management commands, the demo content, imports): not checked.

What is news' own is named here: the permission, the words of the refusals, the signals
other apps listen to (``news.signals``), the content checks of an article (its lead image's
alt text and caption), and the preview links.
"""

from django.utils.translation import gettext_lazy as _

from news import signals
from news.models import Article
from portal.content_checks import Report, check_content
from portal.workflow import (
    ContentNotReady,
    Workflow,
    WorkflowSignals,
    WorkflowTexts,
    history_comment_of_publishing,
    moved,
)

PUBLISH_PERMISSION = "news.publish_article"
AUTHOR_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)

__all__ = ["ContentNotReady", "history_comment_of_publishing", "moved"]


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


WORKFLOW = Workflow(
    Article,
    publish_permission=PUBLISH_PERMISSION,
    check=check_article,
    texts=WorkflowTexts(
        not_ready_to_publish=_("The article cannot be published until this is fixed:"),
        not_ready_to_submit=_("The article cannot be submitted for review until this is fixed:"),
        publisher_only=_("Only the chief editor can publish, unpublish or archive."),
        cannot_change=_("You cannot change this article."),
    ),
    signals=WorkflowSignals(
        submitted=signals.article_submitted,
        sent_back=signals.article_sent_back,
        published=signals.article_published,
    ),
    item="article",
)

can_publish = WORKFLOW.can_publish
works_on_own_articles_only = WORKFLOW.works_on_own_only
can_edit = WORKFLOW.can_edit
can_preview = WORKFLOW.can_preview
needs_checks = WORKFLOW.needs_checks
require_ready = WORKFLOW.require_ready
stored_state = WORKFLOW.stored_state
record_transition = WORKFLOW.record_transition
review_notes = WORKFLOW.review_notes


def save_article(article: Article, *, by) -> Article:
    """Save an edit made in a form; publishing changes need the publish permission."""
    return WORKFLOW.save(article, by=by)


def publish_article(article: Article, *, by=None, at=None) -> Article:
    """Make ``article`` public: at ``at``, at its future publication time, or now."""
    return WORKFLOW.publish(article, by=by, at=at)


def unpublish_article(article: Article, *, by=None) -> Article:
    """Take ``article`` off the public site; it returns to drafts and keeps its address."""
    return WORKFLOW.unpublish(article, by=by)


def archive_article(article: Article, *, by=None) -> Article:
    """Move ``article`` to the archive: off the public site, out of the editors' way."""
    return WORKFLOW.archive(article, by=by)


def submit_for_review(article: Article, *, by=None) -> Article:
    """The author hands ``article`` to the chief editor."""
    return WORKFLOW.submit_for_review(article, by=by)


def send_back(article: Article, *, by=None, note: str) -> Article:
    """The chief editor returns ``article`` to its author as a draft, saying what to change."""
    return WORKFLOW.send_back(article, by=by, note=note)


def withdraw_preview_links(article: Article, *, by=None) -> Article:
    """Every preview link given out for ``article`` so far stops working; new ones work.

    Saved through the optimistic lock: a form opened before cannot bring the old links back.
    """
    WORKFLOW.require_publisher(by)
    article.preview_link_version += 1
    article.save(update_fields=["preview_link_version"])
    return article
