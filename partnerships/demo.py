"""Loads the demo records of the register (partnerships/demo_data/register.py).

``load()`` only adds what is missing: records are found by their slug (or by their natural
key) and, when they exist, left as the editors made them; images are only generated for new
records. The press release is linked to the agreement and the signing only when one of the two
is created by this run of the demo (``new``, filled by every app's loader): a link an editor
removed stays removed.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from media.models import Image
from media.services import add_image
from news.models import Article
from partnerships.demo_data.register import (
    AGREEMENTS,
    AREAS,
    DOCUMENTS,
    EVENTS,
    PARTNERS,
    PLANS,
    PRESS_RELEASE_SLUG,
    SIGNATORIES,
    SIGNING_SLUG,
    STAGES,
    TWINNING_SLUG,
    FromToday,
)
from partnerships.models import (
    Agreement,
    AgreementDocument,
    Area,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
    Signatory,
)
from partnerships.services import complete_plan_item, link_article, record_stage
from portal.demo_drawing import coat_of_arms_png, document_pdf


def load(new=None) -> str:
    new = set() if new is None else new
    today = timezone.localdate()
    areas = {
        slug: Area.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
        for n, (slug, name) in enumerate(AREAS, start=1)
    }
    partners = {spec["slug"]: _partner(spec) for spec in PARTNERS}
    agreements = {spec["slug"]: _agreement(spec, partners, areas, new) for spec in AGREEMENTS}
    for agreement, name, position, side, order in SIGNATORIES:
        Signatory.objects.get_or_create(
            agreement=agreements[agreement],
            name=name,
            defaults={"position": position, "side": partners[side], "order": order},
        )
    for agreement, title, stem in DOCUMENTS:
        _document(agreements[agreement], title, stem)
    events = {
        spec["slug"]: _event(spec, agreements, partners, areas, today, new) for spec in EVENTS
    }
    for spec in PLANS:
        _plan(spec, agreements, areas, events)

    article = Article.objects.filter(slug__startswith=PRESS_RELEASE_SLUG).first()
    agreement, signing = agreements[TWINNING_SLUG], events[SIGNING_SLUG]
    linking = {
        "agreements": [agreement] if {article, agreement} & new else [],
        "events": [signing] if {article, signing} & new else [],
    }
    if article is not None and any(linking.values()):
        link_article(article, **linking)

    counts = _(
        "partners: %(partners)d, agreements: %(agreements)d, events: %(events)d, plans: %(plans)d"
    ) % {
        "partners": Partner.objects.count(),
        "agreements": Agreement.objects.count(),
        "events": Event.objects.count(),
        "plans": CooperationPlan.objects.count(),
    }
    if article is None:
        linked = _("the press release was not found, nothing linked")
    elif any(linking.values()):
        linked = _("the press release is linked to the agreement")
    else:
        linked = _("the press release's links are left as they are")
    return f"{counts}; {linked}"


def _partner(spec):
    fields = dict(spec)
    colours, emblem = fields.pop("colours"), fields.pop("emblem", "star")
    slug = fields.pop("slug")
    partner, created = Partner.objects.get_or_create(slug=slug, defaults=fields)
    if created and not partner.coat_of_arms:
        name = f"{slug}.png"
        # A named ContentFile: Django stores the width and height only if the file has a name.
        partner.coat_of_arms, _added = add_image(
            ContentFile(coat_of_arms_png(*colours, emblem), name=name),
            title=partner.name,
            alt=partner.emblem_alt,
            licence=Image.Licence.OFFICIAL,
        )
        partner.save(update_fields=["coat_of_arms"])
    return partner


def _agreement(spec, partners, areas, new):
    fields = dict(spec)
    slug, partner_slugs, area_slugs = (
        fields.pop("slug"),
        fields.pop("partners"),
        fields.pop("areas"),
    )
    fields.setdefault("is_published", True)
    agreement, created = Agreement.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        new.add(agreement)
        agreement.partners.set(partners[name] for name in partner_slugs)
        agreement.areas.set(areas[name] for name in area_slugs)
        first = [(agreement.status, agreement.signed_on or timezone.localdate(), "")]
        for stage, date, comment in STAGES.get(slug, first):
            record_stage(agreement, stage, on=date, comment=comment)
    return agreement


def _document(agreement, title, stem):
    if not agreement.documents.filter(title=title).exists():
        document = AgreementDocument(agreement=agreement, title=title)
        document.file.save(f"{stem}.pdf", ContentFile(document_pdf(agreement.title)), save=False)
        document.save()


def _event(spec, agreements, partners, areas, today, new):
    fields = dict(spec)
    slug, partner_slugs, area_slugs = (
        fields.pop("slug"),
        fields.pop("partners"),
        fields.pop("areas"),
    )
    fields["agreement"] = agreements[fields["agreement"]]
    fields.setdefault("ends_on", None)
    fields.setdefault("is_published", True)
    for name in ("starts_on", "ends_on"):
        if isinstance(fields[name], FromToday):
            fields[name] = fields[name].on(today)
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        new.add(event)
        event.partners.set(partners[name] for name in partner_slugs)
        event.areas.set(areas[name] for name in area_slugs)
    return event


def _plan(spec, agreements, areas, events):
    fields = dict(spec)
    agreement, title, items = (
        agreements[fields.pop("agreement")],
        fields.pop("title"),
        fields.pop("items"),
    )
    fields.setdefault("note", "")
    plan, _created = CooperationPlan.objects.get_or_create(
        agreement=agreement, title=title, defaults=fields
    )
    for order, item_spec in enumerate(items, start=1):
        _item(plan, order, item_spec, areas, events)
    return plan


def _item(plan, order, spec, areas, events):
    """A plan item; ``completed`` (what ``complete_plan_item`` takes) marks a new one done."""
    fields = dict(spec)
    activity, completed = fields.pop("activity"), fields.pop("completed", None)
    fields["area"] = areas[fields["area"]] if "area" in fields else None
    if "responsible_user" in fields:
        login = fields.pop("responsible_user")
        user = get_user_model().objects.filter(username=login, is_staff=True).first()
        if user is not None:
            fields.update(responsible_user=user, responsible="")
    item, created = PlanItem.objects.get_or_create(
        plan=plan, activity=activity, defaults={"order": order, **fields}
    )
    if created and completed is not None:
        completed = dict(completed)
        if "event" in completed:
            completed["event"] = events[completed["event"]]
        complete_plan_item(item, **completed)
    return item
