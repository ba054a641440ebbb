"""Editorial writes that change what the public sees go through these functions."""

from django.utils import timezone

from news.models import Article


def publish_article(article: Article, *, by=None, at=None) -> Article:
    """Make ``article`` public: at ``at``, at its future publication time, or now.

    A draft first published now is dated now, not when its draft was started.
    """
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    if at is not None:
        article.publish_at = at
    elif article.first_published_at is None and article.publish_at <= now:
        article.publish_at = now
    article.updated_by = by
    article.save()
    return article


def unpublish_article(article: Article, *, by=None) -> Article:
    """Take ``article`` off the public site; it returns to drafts and keeps its address."""
    article.status = Article.Status.DRAFT
    article.updated_by = by
    article.save()
    return article
