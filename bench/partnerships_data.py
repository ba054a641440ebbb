"""Bulk generation of partners, agreements and events for the benchmark."""

from datetime import date, timedelta

from django.db import transaction
from slugify import slugify

from partnerships.dates import Precision
from partnerships.models import Agreement, Area, CooperationPlan, Event, Partner, PlanItem
from portal.cache import invalidate_content
from portal.search.upkeep import refresh_search_index

CITIES = [
    "Торез",
    "Брянка",
    "Стаханов",
    "Перевальск",
    "Кировск",
    "Антрацит",
    "Ровеньки",
    "Снежное",
    "Шахтёрск",
    "Енакиево",
    "Горловка",
    "Макеевка",
    "Луганск",
    "Донецк",
    "Северодонецк",
    "Лисичанск",
    "Свердловск",
    "Красный Луч",
    "Дебальцево",
    "Зугрэс",
]
AREAS = [
    "культура",
    "торговля",
    "промышленность",
    "наука",
    "образование",
    "спорт",
    "обмен историко-культурным и патриотическим наследием",
    "здравоохранение",
    "молодёжная политика",
    "туризм",
]
PARTNER_POOL = 200


def generate_agreements(command, count):
    rng = command.rng
    partners = partner_pool()
    areas = [Area.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0] for n in AREAS]
    start = Agreement.objects.count()
    last_pk = Agreement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    kinds, statuses = Agreement.Kind.values, Agreement.Status.values
    with command.progress(total=count, desc="agreements", unit="agr") as bar:
        for offset in range(0, count, command.batch):
            size = min(command.batch, count - offset)
            agreements = []
            for i in range(size):
                number = start + offset + i
                partner = rng.choice(partners)
                status = rng.choice(statuses)
                signed = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5800))
                agreements.append(
                    Agreement(
                        title=f"Соглашение о сотрудничестве с городом {partner.name} № {number}",
                        slug=f"soglashenie-{partner.slug}-{number}",
                        kind=rng.choice(kinds),
                        status=status,
                        signed_on=None if status == Agreement.Status.NEGOTIATION else signed,
                        signing_place="Администрация города Алчевска",
                        valid_from=None if status == Agreement.Status.NEGOTIATION else signed,
                        summary=command.text.lead(),
                        body=command.text.body(),
                        is_published=True,
                    )
                )
            with transaction.atomic():
                created = Agreement.objects.bulk_create(agreements)
                Agreement.partners.through.objects.bulk_create(
                    Agreement.partners.through(
                        agreement_id=a.pk, partner_id=rng.choice(partners).pk
                    )
                    for a in created
                )
                Agreement.areas.through.objects.bulk_create(
                    Agreement.areas.through(agreement_id=a.pk, area_id=area.pk)
                    for a in created
                    for area in rng.sample(areas, rng.randint(1, 4))
                )
            bar.update(size)
    refresh_search_index(Agreement.objects.filter(pk__gt=last_pk))
    invalidate_content()


def generate_events(command, count):
    rng = command.rng
    partners = partner_pool()
    agreement_ids = list(Agreement.objects.values_list("pk", flat=True)[:5000])
    start = Event.objects.count()
    last_pk = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = date.today()
    with command.progress(total=count, desc="events", unit="evt") as bar:
        for offset in range(0, count, command.batch):
            size = min(command.batch, count - offset)
            events = []
            for i in range(size):
                number = start + offset + i
                starts = today + timedelta(days=rng.randint(-3650, 180))
                events.append(
                    Event(
                        title=f"{rng.choice(['Визит делегации', 'Фестиваль', 'Встреча', 'Форум'])} "
                        f"{rng.choice(CITIES)} {number}",
                        slug=f"sobytie-{number}",
                        kind=rng.choice(Event.Kind.values),
                        starts_on=starts,
                        precision=Precision.DAY,
                        place=rng.choice(CITIES),
                        summary=command.text.lead(),
                        agreement_id=rng.choice(agreement_ids) if agreement_ids else None,
                        is_published=True,
                    )
                )
            with transaction.atomic():
                created = Event.objects.bulk_create(events)
                Event.partners.through.objects.bulk_create(
                    Event.partners.through(event_id=e.pk, partner_id=rng.choice(partners).pk)
                    for e in created
                )
            bar.update(size)
    refresh_search_index(Event.objects.filter(pk__gt=last_pk))
    invalidate_content()


PLAN_YEARS = range(2016, date.today().year + 1)
ACTIVITIES = [
    "Визит делегации",
    "Обменные гастроли",
    "Совместная выставка",
    "Стажировка специалистов",
    "Спортивный турнир",
    "Ярмарка местных производителей",
    "Научная конференция",
]


def generate_plans(command, count, items):
    """``count`` cooperation plans for a year each (spread over PLAN_YEARS), of agreements
    taken in turn, with ``items`` plan items between them; bulk inserts."""
    rng = command.rng
    agreement_ids = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    if not agreement_ids:
        command.stderr.write("no agreements to plan for: generate agreements first")
        return
    areas = list(Area.objects.all())
    event_ids = list(Event.objects.values_list("pk", flat=True)[:5000])
    statuses = [CooperationPlan.Status.APPROVED] * 6 + [
        CooperationPlan.Status.COMPLETED,
        CooperationPlan.Status.DRAFT,
    ]
    item_statuses = PlanItem.Status.values
    plans = []
    for number in range(count):
        year = PLAN_YEARS[number % len(PLAN_YEARS)]
        plans.append(
            CooperationPlan(
                agreement_id=agreement_ids[number % len(agreement_ids)],
                title=f"План сотрудничества на {year} год № {number}",
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                status=rng.choice(statuses),
            )
        )
    with transaction.atomic():
        created = CooperationPlan.objects.bulk_create(plans, batch_size=command.batch)
        with command.progress(total=items, desc="plan items", unit="item") as bar:
            for offset in range(0, items, command.batch):
                size = min(command.batch, items - offset)
                batch = []
                for index in range(offset, offset + size):
                    plan = created[index % len(created)]
                    status = rng.choice(item_statuses)
                    done = status == PlanItem.Status.DONE
                    batch.append(
                        PlanItem(
                            plan=plan,
                            activity=f"{rng.choice(ACTIVITIES)} № {index}",
                            area=rng.choice(areas) if areas else None,
                            responsible="Отдел по связям с общественностью",
                            due_on=plan.period_start + timedelta(days=rng.randint(0, 364)),
                            status=status,
                            result="Проведено." if done else "",
                            event_id=rng.choice(event_ids) if done and event_ids else None,
                            order=index // len(created),
                        )
                    )
                PlanItem.objects.bulk_create(batch)
                bar.update(size)
    invalidate_content()


def partner_pool():
    existing = list(Partner.objects.filter(is_home=False)[:PARTNER_POOL])
    if len(existing) >= len(CITIES):
        return existing
    return [
        Partner.objects.get_or_create(
            name=city, defaults={"kind": Partner.Kind.CITY, "region": "Донбасс"}
        )[0]
        for city in CITIES
    ]
