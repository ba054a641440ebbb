"""Editorial writes that touch several records of the register go through these functions."""

from django.db import transaction

from partnerships.models import Event, PlanItem
from portal.models import AuditEvent


def set_agreements_published(agreements, published: bool, *, by=None) -> int:
    """Show or hide agreements (and with them their events and plans); returns the count.

    Each change is written to the audit trail."""
    action = AuditEvent.Action.PUBLISHED if published else AuditEvent.Action.HIDDEN
    count = 0
    for agreement in agreements:
        if agreement.is_published != published:
            agreement.is_published = published
            agreement.updated_by = by
            agreement.save(update_fields=["is_published", "updated_by", "updated_at"])
            AuditEvent.objects.record(action, agreement, by=by)
            count += 1
    return count


@transaction.atomic
def complete_plan_item(item: PlanItem, *, event: Event | None = None, result="", by=None):
    """Mark a plan item done, optionally with the event that fulfilled it and its result.

    The event is attached to the plan's agreement if it has none yet, so it shows on the
    agreement's timeline next to the plan.
    """
    item.status = PlanItem.Status.DONE
    if event is not None:
        item.event = event
        if event.agreement_id is None:
            event.agreement_id = item.plan.agreement_id
            event.updated_by = by
            event.save(update_fields=["agreement", "updated_by", "updated_at"])
    if result:
        item.result = result
    item.full_clean()
    item.save()
    plan = item.plan
    plan.updated_by = by
    plan.save(update_fields=["updated_by", "updated_at"])
    return item


def link_article(article, *, agreements=(), events=()) -> None:
    """Say that ``article`` covers these agreements and events (idempotent)."""
    for agreement in agreements:
        agreement.articles.add(article)
    for event in events:
        event.articles.add(article)
