"""The article's live preview (``portal.live_preview``): the article page as the form now says.

The form has filled an unsaved copy of the article with every field it could clean; what it
could not (a title not typed yet, a rubric not chosen) is given a stand-in so that the page
renders. The text is sanitised as saving would sanitise it, the tags are those chosen in the
form, the gallery and the related articles those saved. The checks panel of the admin is
sent along (in a ``<template>``) and replaces the admin's after each refresh.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from news.models import GalleryPhoto, Rubric, Tag
from news.views import article_breadcrumbs, related_articles
from portal.sanitize import sanitize_html
from portal.slugs import transliterate

# A record that does not exist yet is previewed under this id: nothing in the database has it,
# so nothing is found attached to it (the related lists of other apps stay empty).
UNSAVED_ID = 0


def render_article_preview(request, form, stored):
    article = form.instance
    cleaned = getattr(form, "cleaned_data", {})
    article.body = sanitize_html(article.body)
    article.title = article.title or _("Untitled article")
    article.slug = article.slug or transliterate(article.title) or "preview"
    if article.rubric_id is None:
        article.rubric = Rubric(name=_("No rubric chosen yet"), slug="preview")
    now = timezone.now()
    article.publish_at = article.publish_at or now
    article.updated_at = article.updated_at or now
    if stored is None:
        article.pk = UNSAVED_ID
    tags = cleaned.get("tags")
    if tags is None:
        tags = stored.tags.all() if stored is not None else Tag.objects.none()
    photos = stored.photos.all() if stored is not None else GalleryPhoto.objects.none()
    # What the page template and the related articles read through article.tags / .photos.
    article._prefetched_objects_cache = {"tags": tags, "photos": photos}
    context = {
        "article": article,
        "object": article,
        "is_preview": True,
        "breadcrumbs": article_breadcrumbs(article),
        "related_articles": related_articles(article),
        "content_report": form.content_report(),
        # Messages waiting for the admin's next page are not the preview's to show.
        "messages": [],
    }
    return render(request, "news/article_live_preview.html", context)
