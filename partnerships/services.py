"""Editorial writes that touch several records of the register go through these functions."""

import datetime

from django.db import transaction
from django.utils import timezone

from partnerships.models import Agreement, Event, PlanItem, StageChange
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


@transaction.atomic
def record_stage(
    agreement: Agreement,
    stage: str,
    *,
    on: datetime.date | None = None,
    comment: str = "",
    by=None,
) -> StageChange:
    """Move ``agreement`` to ``stage`` (saving it if the stage differs) and write the step into
    its history, dated ``on`` (today, the Moscow date, by default)."""
    if agreement.status != stage:
        agreement.status = stage
        agreement.updated_by = by
        agreement.save(update_fields=["status", "updated_by", "updated_at"])
    return StageChange.objects.create(
        agreement=agreement,
        stage=stage,
        date=on or timezone.localdate(),
        comment=comment,
        by=by,
    )
