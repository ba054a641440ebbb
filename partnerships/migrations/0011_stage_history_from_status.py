"""Start each agreement's stage history from the status it had: the statuses are stages now
(with «draft», «sent to the region for approval» and «approved» added before signing)."""

import zoneinfo

from django.db import migrations

MIGRATED = "Этап перенесён из прежнего поля «статус»."
SIGNED = "signed"
UNSIGNED = ("draft", "negotiation", "sent_for_approval", "approved")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def stage_date(agreement):
    """The best date known for the stage the agreement is at."""
    by_stage = {
        "signed": agreement.signed_on,
        "in_force": agreement.valid_from or agreement.signed_on,
        "expired": agreement.valid_until,
    }
    return by_stage.get(agreement.status) or agreement.created_at.astimezone(MOSCOW).date()


def history_from_status(apps, schema_editor):
    Agreement = apps.get_model("partnerships", "Agreement")
    StageChange = apps.get_model("partnerships", "StageChange")
    changes = []
    for agreement in Agreement.objects.filter(stage_changes__isnull=True).order_by("pk"):
        if agreement.status not in UNSIGNED and agreement.status != SIGNED:
            # Signed first, then the stage it came to (in force, expired…).
            changes.append(
                StageChange(
                    agreement=agreement,
                    stage=SIGNED,
                    date=agreement.signed_on,
                    comment=MIGRATED,
                )
            )
        changes.append(
            StageChange(
                agreement=agreement,
                stage=agreement.status,
                date=stage_date(agreement),
                comment=MIGRATED,
            )
        )
    StageChange.objects.bulk_create(changes)


def forget_history(apps, schema_editor):
    StageChange = apps.get_model("partnerships", "StageChange")
    StageChange.objects.filter(comment=MIGRATED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0010_agreement_stages"),
    ]

    operations = [migrations.RunPython(history_from_status, forget_history)]
