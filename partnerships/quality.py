"""What the register admin warns about: records that are incomplete or out of date.

Each check is a pair — a queryset filter for the list filter «needs attention» and the
same rule on one record for the warnings on its change form — so both always agree.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.models import (
    Agreement,
    AgreementDocument,
    Partner,
    PlanItem,
)


def partners_needing_attention(partners):
    """Partners without coordinates (not on the map) or without a coat of arms or logo."""
    return partners.filter(
        Q(latitude__isnull=True) | Q(longitude__isnull=True) | Q(coat_of_arms__isnull=True)
    )


def partner_warnings(partner: Partner) -> list[str]:
    warnings = []
    if partner.latitude is None or partner.longitude is None:
        warnings.append(_("The partner has no coordinates: it cannot be placed on the map."))
    if not partner.coat_of_arms:
        warnings.append(_("The partner has no coat of arms or logo."))
    return warnings


def agreements_needing_attention(agreements, today=None):
    """Agreements in force (not expired by their date) without any document attached."""
    documents = AgreementDocument.objects.filter(agreement=OuterRef("pk"))
    return (
        agreements.with_current_status(today)
        .filter(current_status_code=Agreement.Status.IN_FORCE)
        .filter(~Exists(documents))
    )


def agreement_warnings(agreement: Agreement) -> list[str]:
    if agreement.current_status == Agreement.Status.IN_FORCE and not agreement.documents.exists():
        return [_("The agreement is in force, but no document (its signed text) is attached.")]
    return []


def _planned_items():
    return PlanItem.objects.filter(event=OuterRef("pk"), status=PlanItem.Status.PLANNED)


def events_needing_attention(events, today=None):
    """Events that are over while a plan item they fulfil is still «planned»."""
    return events.past(today or timezone.localdate()).filter(Exists(_planned_items()))


def event_warnings(event) -> list[str]:
    if event.is_upcoming:
        return []
    items = list(
        event.plan_items.filter(status=PlanItem.Status.PLANNED).values_list("activity", flat=True)
    )
    if not items:
        return []
    return [
        ngettext(
            "The event is over, but the plan item it fulfils is still «planned»: %(items)s.",
            "The event is over, but the plan items it fulfils are still «planned»: %(items)s.",
            len(items),
        )
        % {"items": "; ".join(f"«{activity}»" for activity in items)}
    ]
