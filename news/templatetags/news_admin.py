"""The editorial queue on the admin's front page (templates/admin/index.html)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.models import Article
from news.services import can_publish, works_on_own_articles_only

register = template.Library()

SENT_BACK_SHOWN = 10


@register.inclusion_tag("admin/news/editorial_queue.html", takes_context=True)
def editorial_queue(context):
    """Counts with links: for the chief editor what waits for review and what is scheduled,
    for an author their drafts, what they have submitted, what was sent back to them (with
    the chief editor's comment) and what of theirs is published."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    rows, sent_back = [], []
    if can_publish(user):
        rows = [
            (
                _("Waiting for review"),
                Article.objects.filter(status=Article.Status.REVIEW).count(),
                f"{changelist}?publication=review",
            ),
            (
                pgettext_lazy("articles", "Scheduled"),
                Article.objects.scheduled().count(),
                f"{changelist}?publication=scheduled",
            ),
        ]
    elif works_on_own_articles_only(user):
        own = Article.objects.filter(created_by=user)
        rows = [
            (
                _("Your drafts"),
                own.filter(status=Article.Status.DRAFT).count(),
                f"{changelist}?status__exact={Article.Status.DRAFT}",
            ),
            (
                _("Yours waiting for review"),
                own.filter(status=Article.Status.REVIEW).count(),
                f"{changelist}?publication=review",
            ),
            (
                _("Sent back for revision"),
                own.sent_back().count(),
                f"{changelist}?publication=returned",
            ),
            (
                _("Your published articles"),
                own.published().count(),
                f"{changelist}?publication=public",
            ),
        ]
        sent_back = own.sent_back().order_by("-updated_at")[:SENT_BACK_SHOWN]
    return {"rows": rows, "sent_back": sent_back}
