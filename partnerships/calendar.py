"""The events calendar, /events.ics (iCalendar, RFC 5545, built with the ``icalendar`` library).

What goes in, and why:

* Events known to the day become all-day VEVENTs: ``DTSTART;VALUE=DATE`` on the first day
  and ``DTEND;VALUE=DATE`` on the day after the last one (DTEND is exclusive in RFC 5545).
  The portal stores no times of day, so there is no time zone to get wrong.
* Events known only to the month or the year are left out. They have no day a calendar could
  put them on, and exporting «2017–2018» as an all-day span would paint two whole years of a
  subscriber's calendar; they stay on the site's timelines, where «апрель 2018» reads right.
* Only events that ended less than ``PAST_DAYS`` ago or are still to come: a calendar
  subscription is about what is coming, and the file must not grow with years of history.

* Texts lose the control characters iCalendar's TEXT does not allow, even those of rows
  stored before text was cleaned on input.

Each VEVENT has a UID that stays the same for the life of the event ("event-<pk>@<host>"),
so an updated event replaces the old copy in the subscriber's calendar instead of doubling it.
The page of an event known to the day also offers that one event as a file
(/events/<slug>.ics, "add to calendar"), with the same UID as in the feed.
"""

import datetime

from django.db.models import Q
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from partnerships.feeds import event_description
from partnerships.models import Event
from portal.cache import reads_query
from portal.characters import xml_safe
from portal.models import SiteSettings

PAST_DAYS = 365
PRODID = "-//Vestnik//Partnership events//RU"


def calendar_events(today=None):
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PAST_DAYS)
    return (
        Event.objects.in_calendar()
        .filter(Q(ends_on__gte=since) | Q(ends_on__isnull=True, starts_on__gte=since))
        .select_related("agreement")
        .prefetch_related("areas")
        .order_by("starts_on", "pk")
    )


def build_calendar(events, request) -> Calendar:
    site = SiteSettings.get_solo()
    host = split_domain_port(request.get_host())[0] or "localhost"
    name = xml_safe(_("Events — %(office)s") % {"office": site.office_name})

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT12H")

    for event in events:
        url = request.build_absolute_uri(event.get_absolute_url())
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", event.updated_at)
        entry.add("created", event.created_at)
        entry.add("last-modified", event.updated_at)
        entry.add("summary", xml_safe(event.title))
        entry.add("dtstart", event.starts_on)
        entry.add("dtend", (event.ends_on or event.starts_on) + datetime.timedelta(days=1))
        entry.add("transp", "TRANSPARENT")
        if event.place:
            entry.add("location", xml_safe(event.place))
        entry.add("url", url)
        entry.add("description", xml_safe(f"{event_description(event)}\n\n{url}"))
        categories = [event.get_kind_display(), *(area.name for area in event.areas.all())]
        entry.add("categories", [xml_safe(category) for category in categories])
        calendar.add_component(entry)
    return calendar


@reads_query()
@require_safe
@cache_control(max_age=60 * 15, public=True)
def events_ics(request):
    calendar = build_calendar(calendar_events(), request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


@reads_query()
@require_safe
@cache_control(max_age=60 * 15, public=True)
def event_ics(request, slug):
    """One public event known to the day, as a file to add to a calendar."""
    event = get_object_or_404(
        Event.objects.in_calendar().select_related("agreement").prefetch_related("areas"),
        slug=slug,
    )
    calendar = build_calendar([event], request)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
