"""The demo's documents: the resolution on the twinning agreement with Torez (the press
release in /work/shared/demo), the order to prepare the plan of cooperation for 2020, and an
older resolution that a newer one repealed, so that the links between documents show."""

import datetime

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document, DocumentLink, IssuingBody

ADMINISTRATION = "Администрация города Алчевска"
COUNCIL = "Алчевский городской совет"

DOCUMENTS = [
    {
        "kind": Document.Kind.RESOLUTION,
        "number": "412",
        "adopted_on": datetime.date(2019, 10, 24),
        "title": (
            "О заключении Соглашения об установлении побратимских связей между городом "
            "Алчевском и городом Торезом Донецкой Народной Республики"
        ),
        "body": ADMINISTRATION,
        "text": (
            "<p>В целях развития дружественных и добрососедских отношений, сотрудничества в "
            "сфере культуры, торговли, промышленности, науки, образования, спорта, обмена "
            "историко-культурным и патриотическим наследием Администрация города Алчевска "
            "постановляет:</p>"
            "<ol><li>Заключить Соглашение об установлении побратимских связей между городом "
            "Алчевском и городом Торезом Донецкой Народной Республики.</li>"
            "<li>Уполномочить Главу Администрации города Алчевска Н. Пяткову подписать "
            "Соглашение на Донецком международном инвестиционном форуме.</li>"
            "<li>Контроль за исполнением постановления оставляю за собой.</li></ol>"
            "<p>Глава Администрации города Алчевска Н. Пяткова</p>"
        ),
    },
    {
        "kind": Document.Kind.ORDER,
        "number": "87-р",
        "adopted_on": datetime.date(2019, 11, 5),
        "title": ("О подготовке плана сотрудничества города Алчевска и города Тореза на 2020 год"),
        "body": ADMINISTRATION,
        "text": (
            "<p>Во исполнение Соглашения об установлении побратимских связей между городом "
            "Алчевском и городом Торезом от 29 октября 2019 года:</p>"
            "<ol><li>Управлению культуры, управлению образования и управлению экономики "
            "до 1 декабря 2019 года представить предложения в план сотрудничества на 2020 "
            "год.</li><li>Управлению информационной политики освещать ход сотрудничества "
            "на официальном сайте.</li></ol>"
        ),
    },
    {
        "kind": Document.Kind.RESOLUTION,
        "number": "215",
        "adopted_on": datetime.date(2016, 5, 12),
        "title": "О порядке участия делегаций города в культурных мероприятиях других городов",
        "body": ADMINISTRATION,
        "status": Document.Status.REPEALED,
        "text": (
            "<p>Утвердить порядок направления творческих коллективов и делегаций города для "
            "участия в фестивалях и конкурсах других городов (прилагается).</p>"
        ),
    },
    {
        "kind": Document.Kind.RESOLUTION,
        "number": "398",
        "adopted_on": datetime.date(2019, 10, 10),
        "title": (
            "Об утверждении Порядка направления делегаций и творческих коллективов города "
            "Алчевска в другие города"
        ),
        "body": ADMINISTRATION,
        "text": (
            "<p>1. Утвердить Порядок направления делегаций и творческих коллективов города "
            "Алчевска в другие города (прилагается).</p>"
            "<p>2. Признать утратившим силу постановление Администрации города Алчевска от "
            "12.05.2016 № 215.</p>"
        ),
    },
    {
        "kind": Document.Kind.DECISION,
        "number": "",
        "adopted_on": datetime.date(2026, 11, 20),
        "title": "О Положении о побратимских связях города Алчевска (проект для обсуждения)",
        "body": COUNCIL,
        "status": Document.Status.DRAFT,
        "text": (
            "<p>Проект решения вынесен на публичное обсуждение. Предложения принимаются "
            "Управлением информационной политики до 20 декабря 2026 года.</p>"
        ),
    },
]

# (source number, kind, target number)
LINKS = [("398", DocumentLink.Kind.REPEALS, "215")]


def load(new: set[Model] | None = None) -> str:
    """Add the demo documents that are missing (by body, kind, number and date); existing ones
    are left as editors left them."""
    created_count = 0
    by_number = {}
    bodies = {
        name: IssuingBody.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate((ADMINISTRATION, COUNCIL))
    }
    for values in DOCUMENTS:
        values = dict(values)
        body = bodies[values.pop("body")]
        document, created = Document.objects.get_or_create(
            issuing_body=body,
            kind=values.pop("kind"),
            title=values.pop("title"),
            adopted_on=values.pop("adopted_on"),
            defaults={
                **values,
                "is_published": True,
                "publish_at": timezone.now() - datetime.timedelta(days=1),
            },
        )
        by_number[document.number] = document
        if created:
            created_count += 1
            if new is not None:
                new.add(document)
    for source, kind, target in LINKS:
        DocumentLink.objects.get_or_create(
            source=by_number[source], kind=kind, target=by_number[target]
        )
    return _("%(count)d new documents") % {"count": created_count}
