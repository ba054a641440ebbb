"""The editorial queue on the admin's front page (templates/admin/index.html)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from news.models import Article
from news.services import can_publish, works_on_own_articles_only

register = template.Library()


@register.inclusion_tag("admin/news/editorial_queue.html", takes_context=True)
def editorial_queue(context):
    """Counts with links: for the chief editor what waits for review and what is scheduled,
    for an author their drafts and what they have submitted."""
    user = context["request"].user
    changelist = reverse("admin:news_article_changelist")
    rows = []
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
        ]
    return {"rows": rows}
