from django import template

from partnerships.dates import format_span, iso_at_precision
from portal.fragments import render_entries
from portal.images import rendition_url
from portal.sanitize import plain_text
from portal.templatetags.portal import json_ld, organization_data

register = template.Library()


@register.simple_tag
def event_items(events, level="3"):
    """The list entries of ``events`` (partnerships/includes/event_item.html), each rendered
    once per version of its event and kept (portal.fragments), headed at ``level``."""
    return render_entries(
        "partnerships/includes/event_item.html",
        events,
        lambda event: {"event": event, "level": level},
        variant=f"h{level}",
    )


@register.filter
def event_dates(event, form="plain"):
    """The dates of ``event`` at its precision: «2016 год», «апрель 2018», «29 октября 2019»;
    ``event|event_dates:"in"`` gives the in-sentence form «в 2017–2018 годах»."""
    return format_span(event.starts_on, event.ends_on, event.precision, form)


@register.filter
def event_iso(event, end=False):
    """The start (or, with ``:True``, the end) for a <time datetime>: "2016", "2018-04"…"""
    value = (event.ends_on or event.starts_on) if end else event.starts_on
    return iso_at_precision(value, event.precision)


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    """schema.org Event; dates at their precision ("2016", "2018-04", "2019-10-29")."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": iso_at_precision(event.starts_on, event.precision),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": "ru",
        "organizer": organization_data(context["site"], request),
    }
    if event.ends_on:
        data["endDate"] = iso_at_precision(event.ends_on, event.precision)
    description = event.summary or plain_text(event.description)
    if description:
        data["description"] = description
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place, "address": event.place}
    photos = list(event.photos.all())
    if photos:
        data["image"] = [
            request.build_absolute_uri(rendition_url(photo, "image", 960, "jpeg"))
            for photo in photos[:3]
        ]
    return json_ld(data)
