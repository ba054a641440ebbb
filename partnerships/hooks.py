"""What partnerships contributes to the portal's shared features (see portal/hooks.py)."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships import report_admin
from partnerships.admin import AgreementArticleInline, EventArticleInline
from partnerships.feeds import feed_directory
from partnerships.models import TIMELINE_ORDER, Agreement, Event, Partner, PlanItem
from partnerships.search import (
    AgreementSearchProvider,
    EventSearchProvider,
    PartnerSearchProvider,
)
from portal import hooks
from portal.cache import per_content_version
from portal.navigation import Link
from portal.redirects.tracking import MovingAddresses
from portal.scheduling import next_change

HOME_EVENTS = 4
HOME_PARTNERS = 12
ATTENTION_DAYS = 90
ATTENTION_LIMIT = 10

for provider in (AgreementSearchProvider(), EventSearchProvider(), PartnerSearchProvider()):
    hooks.register(hooks.SEARCH_PROVIDERS, provider)
hooks.register(hooks.FEEDS, feed_directory)
hooks.register(hooks.ARTICLE_ADMIN_INLINES, AgreementArticleInline)
hooks.register(hooks.ARTICLE_ADMIN_INLINES, EventArticleInline)
hooks.register(hooks.ADMIN_INDEX_BLOCKS, report_admin.admin_index_link)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_event_day_change():
    """The coming midnight while public events are still to come: an upcoming event may
    become a past one then, with no save to invalidate the page cache."""
    if not Event.objects.public().upcoming().exists():
        return None
    return _midnight_of(timezone.localdate() + datetime.timedelta(days=1))


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_publication_change():
    """The next moment a published agreement or event appears or is removed by its
    publication window (an event also goes with its agreement's)."""
    moments = (
        next_change(Agreement.objects.filter(is_published=True)),
        next_change(Event.objects.filter(is_published=True)),
    )
    return min(filter(None, moments), default=None)


def _midnight_of(day):
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_agreement_expiry():
    """The midnight after the last day of the next public agreement to expire by its date:
    its pages read «expired» from then on, with no save to invalidate the page cache."""
    today = timezone.localdate()
    last_day = (
        Agreement.objects.public()
        .filter(
            status__in=Agreement.DATE_BOUND_STATUSES,
            extends_automatically=False,
            valid_until__gte=today,
        )
        .order_by("valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )
    return None if last_day is None else _midnight_of(last_day + datetime.timedelta(days=1))


@hooks.register(hooks.ADMIN_INDEX_BLOCKS)
def register_needs_attention(request):
    """«Требует внимания» on the admin front page, for those who keep the register: agreements
    expiring within 90 days, approvals waiting at the region, overdue plan items. One query
    per list, whatever their length."""
    sees_agreements = request.user.has_perm("partnerships.change_agreement")
    sees_plans = request.user.has_perm("partnerships.change_cooperationplan")
    if not (sees_agreements or sees_plans):
        return None
    today = timezone.localdate()
    expiring, waiting, overdue = [], [], []
    if sees_agreements:
        expiring = [
            (agreement, (agreement.valid_until - today).days)
            for agreement in Agreement.objects.expiring(today, ATTENTION_DAYS)[:ATTENTION_LIMIT]
        ]
        waiting = [
            (agreement, (today - agreement.sent_on).days if agreement.sent_on else None)
            for agreement in Agreement.objects.awaiting_approval()[:ATTENTION_LIMIT]
        ]
    if sees_plans:
        overdue = [
            (item, (today - item.due).days)
            for item in PlanItem.objects.overdue(today).select_related("plan")[:ATTENTION_LIMIT]
        ]
    if not (expiring or waiting or overdue):
        return None
    return "partnerships/includes/admin_attention.html", {
        "expiring": expiring,
        "waiting": waiting,
        "overdue": overdue,
        "days": ATTENTION_DAYS,
    }


@per_content_version
def _upcoming_events_and_partner_cities() -> dict:
    events = Event.objects.public().upcoming().for_listing()[:HOME_EVENTS]
    partners = (
        Partner.objects.public()
        .counterparts()
        .with_emblem()
        .filter(kind=Partner.Kind.CITY)
        .order_by("name")[:HOME_PARTNERS]
    )
    return {"events": list(events), "partners": list(partners)}


@hooks.register(hooks.HOME_PAGE_BLOCKS)
def upcoming_events_and_partner_cities(request):
    return "partnerships/includes/home_blocks.html", {**_upcoming_events_and_partner_cities()}


@hooks.register(hooks.ARTICLE_PAGE_BLOCKS)
def agreements_and_events_of_the_article(request, article):
    agreements = list(Agreement.objects.public().filter(articles=article).order_by("title"))
    events = list(Event.objects.public().filter(articles=article).order_by(*TIMELINE_ORDER))
    if not agreements and not events:
        return None
    return "partnerships/includes/article_block.html", {"agreements": agreements, "events": events}


def _sections():
    return (
        Link(_("Partnerships"), reverse("partnerships:register"), order=20),
        Link(_("Partners"), reverse("partnerships:partner-list"), order=30),
        Link(_("Events"), reverse("partnerships:event-list"), order=40),
    )


@hooks.register(hooks.MAIN_MENU_ITEMS)
def partnerships_menu_items():
    return _sections()


@hooks.register(hooks.SITE_MAP_SECTIONS)
def partnerships_site_map():
    register, partners, events = _sections()
    history = Link(_("History of ties"), reverse("partnerships:history"))
    pages = (Link(_("Register of partnerships"), register.url), partners, events, history)
    yield Link(register.label, register.url, order=register.order, children=pages)


def partner_was_public(partner: Partner) -> bool:
    """Named once by an agreement or an event that was published (one query)."""
    published = {"first_published_at__isnull": False, "partners": OuterRef("pk")}
    return (
        Partner.objects.filter(pk=partner.pk)
        .filter(
            Exists(Agreement.objects.filter(**published))
            | Exists(Event.objects.filter(**published))
        )
        .exists()
    )


# Addresses that may change once public: the old one then redirects to the new one.
for model in (Agreement, Event):
    hooks.register(
        hooks.REDIRECTED_MODELS,
        MovingAddresses(
            model,
            fields=("slug", "first_published_at"),
            was_public=lambda record: record.first_published_at is not None,
        ),
    )
hooks.register(
    hooks.REDIRECTED_MODELS,
    MovingAddresses(Partner, fields=("slug",), was_public=partner_was_public),
)

EMBEDDED_AGREEMENTS = 20


def register_block(request):
    """The register of agreements, for an editable page that embeds it (pages' «embed»)."""
    agreements = list(Agreement.objects.public().for_listing()[:EMBEDDED_AGREEMENTS])
    return "partnerships/includes/register_embed.html", {"agreements": agreements}


hooks.register(
    hooks.PAGE_EMBEDS,
    ("partnerships-register", gettext_lazy("Register of partnerships"), register_block),
)
