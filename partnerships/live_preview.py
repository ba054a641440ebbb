"""The event's live preview (``portal.live_preview``): the event page as the form now says, in
the public design, unsaved. What the form could not clean keeps its stored value (or a
stand-in on a new event); partners, areas and news are those chosen in the form, the photos
those saved."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from news.models import Article
from partnerships.models import Area, Event, EventPhoto, Partner
from portal.sanitize import sanitize_html
from portal.slugs import transliterate

# A new event is previewed under this id, which nothing in the database has.
UNSAVED_ID = 0


def render_event_preview(request, form, stored):
    event = form.instance
    cleaned = getattr(form, "cleaned_data", {})
    event.description = sanitize_html(event.description)
    event.title = event.title or _("Untitled event")
    event.slug = event.slug or transliterate(event.title) or "event"
    event.starts_on = event.starts_on or timezone.localdate()
    event.precision = event.precision or Event.Precision.DAY
    if stored is None:
        event.pk = UNSAVED_ID

    def chosen(name, empty):
        value = cleaned.get(name)
        if value is None:
            value = getattr(stored, name).all() if stored is not None else empty
        return value

    event._prefetched_objects_cache = {
        "partners": chosen("partners", Partner.objects.none()),
        "areas": chosen("areas", Area.objects.none()),
        "photos": stored.photos.all() if stored is not None else EventPhoto.objects.none(),
    }
    articles = chosen("articles", Article.objects.none())
    event.published_articles = list(
        Article.objects.published().for_listing().filter(pk__in=articles.values("pk"))
    )
    context = {
        "event": event,
        "object": event,
        "live_preview": True,
        "is_preview": True,
        "breadcrumbs": [
            (_("Home"), reverse("news:home")),
            (_("Partnerships"), reverse("partnerships:register")),
            (_("Events"), reverse("partnerships:event-list")),
            (event.title, event.get_absolute_url()),
        ],
        "messages": [],  # those waiting for the admin's next page are not the preview's
    }
    return render(request, "partnerships/event_detail.html", context)
