"""Demo content of the register: the Alchevsk–Torez twinning of the press release in
``shared/demo/press-release-twinning.ru.txt`` in full, plus a few partners and agreements in
other statuses (marked as demo records) so the filters, the events list and the calendar have
something to show.

``load()`` only adds what is missing: records are found by their slug (or by their natural
key) and, when they exist, left as the editors made them; images are only generated for new
records.
"""

import datetime
import io
import math

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from news.models import Article
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
from partnerships.services import complete_plan_item, link_article

PRESS_RELEASE_SLUG = "alchevsk-stal-gorodom-pobratimom-toreza"
TWINNING_SLUG = "alchevsk-torez-pobratimstvo"
DEMO_NOTE = "<p><em>Демонстрационная запись.</em></p>"

AREAS = [
    ("kultura", "Культура"),
    ("torgovlia", "Торговля"),
    ("promyshlennost", "Промышленность"),
    ("nauka", "Наука"),
    ("obrazovanie", "Образование"),
    ("sport", "Спорт"),
    ("nasledie", "Обмен историко-культурным и патриотическим наследием"),
    ("ekonomika", "Экономика"),
    ("turizm", "Туризм"),
    ("molodezhnaia-politika", "Молодёжная политика"),
]
TWINNING_AREAS = [
    "kultura",
    "torgovlia",
    "promyshlennost",
    "nauka",
    "obrazovanie",
    "sport",
    "nasledie",
]

PARTNERS = [
    {
        "slug": "alchevsk",
        "name": "Алчевск",
        "kind": Partner.Kind.CITY,
        "is_home": True,
        "region": "Луганская Народная Республика",
        "latitude": "48.466700",
        "longitude": "38.800000",
        "description": "<p>Город металлургов и машиностроителей, центр одного из крупнейших "
        "промышленных районов Донбасса.</p>",
        "colours": ((11, 79, 138), (250, 200, 40)),
    },
    {
        "slug": "torez",
        "name": "Торез",
        "kind": Partner.Kind.CITY,
        "region": "Донецкая Народная Республика",
        "latitude": "48.033300",
        "longitude": "38.600000",
        "description": "<p>Шахтёрский город Донецкой Народной Республики, побратим Алчевска "
        "с 29 октября 2019 года. Сотрудничество городов началось в 2016 году с творческого "
        "фестиваля детей с ограниченными возможностями во Дворце культуры им. В. Маяковского."
        "</p>",
        "colours": ((30, 110, 50), (20, 20, 20)),
    },
    {
        "slug": "lipetsk",
        "name": "Липецк",
        "kind": Partner.Kind.CITY,
        "region": "Липецкая область, Россия",
        "description": "<p>Партнёр Алчевска по торгово-экономическому и научно-техническому "
        "сотрудничеству.</p>" + DEMO_NOTE,
        "colours": ((180, 30, 40), (240, 240, 240)),
    },
    {
        "slug": "briansk",
        "name": "Брянск",
        "kind": Partner.Kind.CITY,
        "region": "Брянская область, Россия",
        "description": "<p>С городом ведутся переговоры о меморандуме о сотрудничестве.</p>"
        + DEMO_NOTE,
        "colours": ((20, 90, 160), (200, 160, 40)),
    },
    {
        "slug": "rovenki",
        "name": "Ровеньки",
        "kind": Partner.Kind.CITY,
        "region": "Луганская Народная Республика",
        "description": "<p>Соседний город, партнёр по спортивным и туристическим "
        "проектам.</p>" + DEMO_NOTE,
        "colours": ((90, 40, 120), (230, 230, 230)),
    },
    {
        "slug": "dongtu",
        "name": "Донбасский государственный технический университет",
        "kind": Partner.Kind.ORGANISATION,
        "region": "г. Алчевск",
        "description": "<p>Университет — партнёр города в научных и образовательных "
        "проектах.</p>" + DEMO_NOTE,
        "colours": ((10, 60, 100), (160, 200, 230)),
    },
    {
        "slug": "kursk",
        "name": "Курск",
        "kind": Partner.Kind.CITY,
        "region": "Курская область, Россия",
        "description": "<p>Черновик: пока не опубликован.</p>" + DEMO_NOTE,
        "colours": ((140, 20, 20), (240, 200, 60)),
    },
]

TWINNING_BODY = (
    "<p>Соглашение подписали Глава Администрации города Алчевска Наталья Пяткова и Глава "
    "города Тореза Дмитрий Лысенко 29 октября 2019 года на площадке Донецкого "
    "международного инвестиционного форума в рамках работы секции «Донбасс и регионы "
    "России».</p>"
    "<p>Договор предусматривает сотрудничество двух муниципальных образований в сфере "
    "культуры, торговли, промышленности, науки, образования, спорта, обмена "
    "историко-культурным и патриотическим наследием.</p>"
    "<p>По итогам общения в рамках Донецкого форума намечен ряд встреч, призванных "
    "подготовить план сотрудничества на 2020 год.</p>"
)


def load() -> str:
    today = timezone.localdate()
    areas = {
        slug: Area.objects.get_or_create(slug=slug, defaults={"name": name, "order": n})[0]
        for n, (slug, name) in enumerate(AREAS, start=1)
    }
    partners = {spec["slug"]: _partner(spec) for spec in PARTNERS}
    alchevsk, torez = partners["alchevsk"], partners["torez"]

    twinning = _agreement(
        TWINNING_SLUG,
        title="Соглашение об установлении побратимских связей между городами Алчевск и Торез",
        kind=Agreement.Kind.TWINNING,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2019, 10, 29),
        signing_place="Донецкий международный инвестиционный форум",
        signing_occasion="секция «Донбасс и регионы России»",
        valid_from=datetime.date(2019, 10, 29),
        summary="Алчевск и Торез Донецкой Народной Республики стали городами-побратимами: "
        "соглашение предусматривает сотрудничество в сфере культуры, торговли, "
        "промышленности, науки, образования, спорта, обмена историко-культурным и "
        "патриотическим наследием.",
        body=TWINNING_BODY,
        partners=[alchevsk, torez],
        areas=[areas[slug] for slug in TWINNING_AREAS],
    )
    _signatory(twinning, "Наталья Пяткова", "Глава Администрации города Алчевска", alchevsk, 1)
    _signatory(twinning, "Дмитрий Лысенко", "Глава города Тореза", torez, 2)
    _document(twinning, "Текст соглашения (демонстрационный макет документа)", "soglashenie")

    both = [alchevsk, torez]
    culture = [areas["kultura"]]
    _event(
        "festival-detei-torez-2016",
        title="Первый творческий фестиваль детей с ограниченными возможностями",
        kind=Event.Kind.FESTIVAL,
        starts_on=datetime.date(2016, 1, 1),
        precision=Event.Precision.YEAR,
        place="Дворец культуры им. В. Маяковского, г. Торез",
        participants="Воспитанники Алчевского центра социальной реабилитации детей-инвалидов",
        summary="С участия воспитанников Алчевского центра социальной реабилитации "
        "детей-инвалидов в фестивале в Торезе началось сотрудничество двух городов.",
        agreement=twinning,
        partners=both,
        areas=culture,
    )
    _event(
        "vystupleniia-kollektivov-alchevska-v-toreze",
        title="Выступления творческих коллективов Алчевска в Торезе",
        kind=Event.Kind.PERFORMANCE,
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2018, 12, 31),
        precision=Event.Precision.YEAR,
        place="Творческие площадки г. Тореза",
        participants="Вокальные и хореографические коллективы Алчевского центра культуры и "
        "народного творчества",
        summary="На творческих площадках Тореза своё мастерство продемонстрировали вокальные "
        "и хореографические коллективы Алчевского центра культуры и народного творчества.",
        agreement=twinning,
        partners=both,
        areas=culture,
    )
    _event(
        "otvetnyi-vizit-vokalistov-toreza-2018",
        title="Ответный визит вокалистов Торезского ДК им. В. Маяковского в Алчевск",
        kind=Event.Kind.VISIT,
        starts_on=datetime.date(2018, 4, 1),
        precision=Event.Precision.MONTH,
        place="г. Алчевск",
        participants="Вокалисты Торезского ДК им. В. Маяковского",
        summary="Вокалисты из Тореза приняли участие в Республиканском фестивале-конкурсе "
        "«Луганский край – казачий край».",
        agreement=twinning,
        partners=both,
        areas=[areas["kultura"], areas["nasledie"]],
    )
    _event(
        "obmen-tvorcheskimi-delegatsiiami-2019",
        title="Обмен творческими делегациями",
        kind=Event.Kind.DELEGATION,
        starts_on=datetime.date(2019, 1, 1),
        precision=Event.Precision.YEAR,
        place="Алчевск и Торез",
        participants="Творческие делегации Алчевска и Тореза",
        agreement=twinning,
        partners=both,
        areas=culture,
    )
    signing = _event(
        "podpisanie-soglasheniia-alchevsk-torez",
        title="Подписание Соглашения об установлении побратимских связей между Алчевском "
        "и Торезом",
        kind=Event.Kind.SIGNING,
        starts_on=datetime.date(2019, 10, 29),
        precision=Event.Precision.DAY,
        place="Донецкий международный инвестиционный форум, секция «Донбасс и регионы России»",
        participants="Наталья Пяткова, Глава Администрации города Алчевска; "
        "Дмитрий Лысенко, Глава города Тореза",
        summary="Алчевск и Торез подписали Соглашение об установлении побратимских связей.",
        agreement=twinning,
        partners=both,
        areas=[areas[slug] for slug in TWINNING_AREAS],
    )
    _event(
        "dni-kultury-toreza-v-alchevske",
        title="Дни культуры Тореза в Алчевске",
        kind=Event.Kind.FESTIVAL,
        starts_on=today + datetime.timedelta(days=21),
        ends_on=today + datetime.timedelta(days=23),
        precision=Event.Precision.DAY,
        place="Алчевский центр культуры и народного творчества",
        participants="Творческие коллективы Тореза",
        summary="Концерты и выставки творческих коллективов города-побратима.",
        description=DEMO_NOTE,
        agreement=twinning,
        partners=both,
        areas=culture,
    )
    _event(
        "turnir-iunosheskikh-komand-alchevsk-torez",
        title="Товарищеский турнир юношеских футбольных команд Алчевска и Тореза",
        kind=Event.Kind.COMPETITION,
        starts_on=_add_months(today, 2),
        precision=Event.Precision.MONTH,
        place="г. Торез",
        summary="Дата турнира уточняется.",
        description=DEMO_NOTE,
        agreement=twinning,
        partners=both,
        areas=[areas["sport"]],
    )

    plan = _plan(
        twinning,
        "План сотрудничества на 2020 год",
        datetime.date(2020, 1, 1),
        datetime.date(2020, 12, 31),
        CooperationPlan.Status.DRAFT,
        note="Проект плана готовится на встречах, намеченных по итогам Донецкого форума.",
    )
    _item(
        plan,
        1,
        "Рабочие встречи руководителей городов по подготовке плана сотрудничества",
        "Наталья Пяткова, Глава Администрации города Алчевска; "
        "Дмитрий Лысенко, Глава города Тореза",
        datetime.date(2020, 1, 31),
    )
    _item(
        plan,
        2,
        "Участие творческой делегации Тореза в Республиканском фестивале-конкурсе "
        "«Луганский край – казачий край»",
        "Алчевский центр культуры и народного творчества",
        datetime.date(2020, 4, 30),
        areas["nasledie"],
    )
    _item(
        plan,
        3,
        "Выступления вокальных и хореографических коллективов Алчевска в Торезе",
        "Отдел культуры Администрации города Алчевска",
        datetime.date(2020, 6, 30),
        areas["kultura"],
    )
    _item(
        plan,
        4,
        "Товарищеские соревнования юношеских спортивных команд",
        "Отделы по делам молодёжи и спорта администраций городов",
        datetime.date(2020, 8, 31),
        areas["sport"],
    )
    _item(
        plan,
        5,
        "Встреча представителей предприятий торговли и промышленности двух городов",
        "Отделы экономики администраций городов",
        datetime.date(2020, 10, 31),
        areas["torgovlia"],
    )

    _other_agreements(partners, areas, today)

    article = Article.objects.filter(slug__startswith=PRESS_RELEASE_SLUG).first()
    if article is not None:
        link_article(article, agreements=[twinning], events=[signing])

    return (
        f"{Partner.objects.count()} partners, {Agreement.objects.count()} agreements, "
        f"{Event.objects.count()} events, {CooperationPlan.objects.count()} plans; "
        + ("press release linked" if article else "press release not found, not linked")
    )


def _other_agreements(partners, areas, today):
    alchevsk = partners["alchevsk"]
    lipetsk = _agreement(
        "alchevsk-lipetsk-sotrudnichestvo",
        title="Соглашение о торгово-экономическом, научно-техническом и культурном "
        "сотрудничестве между городами Алчевск и Липецк",
        kind=Agreement.Kind.COOPERATION,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2022, 9, 15),
        signing_place="г. Липецк",
        valid_from=datetime.date(2022, 9, 15),
        valid_until=datetime.date(2027, 9, 14),
        summary="Сотрудничество в промышленности, торговле, образовании и экономике.",
        body=DEMO_NOTE,
        partners=[alchevsk, partners["lipetsk"]],
        areas=[areas[s] for s in ("promyshlennost", "torgovlia", "obrazovanie", "ekonomika")],
    )
    visit = _event(
        "vizit-delegatsii-alchevska-v-lipetsk-2023",
        title="Визит делегации Алчевска в Липецк",
        kind=Event.Kind.VISIT,
        starts_on=datetime.date(2023, 5, 16),
        ends_on=datetime.date(2023, 5, 18),
        precision=Event.Precision.DAY,
        place="г. Липецк",
        summary="Знакомство с опытом промышленных предприятий и колледжей Липецка.",
        description=DEMO_NOTE,
        agreement=lipetsk,
        partners=[alchevsk, partners["lipetsk"]],
        areas=[areas["promyshlennost"], areas["obrazovanie"]],
    )
    _event(
        "vizit-delegatsii-lipetska-v-alchevsk",
        title="Визит делегации Липецка в Алчевск",
        kind=Event.Kind.VISIT,
        starts_on=today + datetime.timedelta(days=10),
        precision=Event.Precision.DAY,
        place="Администрация города Алчевска",
        summary="Переговоры о совместных проектах в промышленности и образовании.",
        description=DEMO_NOTE,
        agreement=lipetsk,
        partners=[alchevsk, partners["lipetsk"]],
        areas=[areas["promyshlennost"]],
    )
    plan = _plan(
        lipetsk,
        "План мероприятий на 2023 год",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
        CooperationPlan.Status.APPROVED,
    )
    _item(
        plan,
        1,
        "Визит делегации Алчевска на предприятия Липецка",
        "Отдел экономики Администрации города Алчевска",
        datetime.date(2023, 5, 31),
        areas["promyshlennost"],
        completed={"event": visit, "result": "Делегация посетила три предприятия."},
    )
    _item(
        plan,
        2,
        "Стажировка преподавателей колледжей",
        "Управление образования Администрации города Алчевска",
        datetime.date(2023, 10, 31),
        areas["obrazovanie"],
        completed={"result": "Стажировку прошли 12 преподавателей."},
    )
    _item(
        plan,
        3,
        "Совместная ярмарка товаров местных производителей",
        "Отдел торговли Администрации города Алчевска",
        datetime.date(2023, 12, 15),
        areas["torgovlia"],
        status=PlanItem.Status.IN_PROGRESS,
    )
    _item(
        plan,
        4,
        "Обменные гастроли театров",
        "Отдел культуры Администрации города Алчевска",
        datetime.date(2023, 11, 30),
        areas["kultura"],
        status=PlanItem.Status.CANCELLED,
        result="Перенесено на следующий год.",
    )

    _agreement(
        "alchevsk-briansk-memorandum",
        title="Меморандум о сотрудничестве между городами Алчевск и Брянск",
        kind=Agreement.Kind.MEMORANDUM,
        status=Agreement.Status.NEGOTIATION,
        summary="Проект меморандума о сотрудничестве в сфере образования и туризма "
        "находится на согласовании.",
        body=DEMO_NOTE,
        partners=[alchevsk, partners["briansk"]],
        areas=[areas["obrazovanie"], areas["turizm"]],
    )
    _agreement(
        "alchevsk-dongtu-sotrudnichestvo",
        title="Соглашение о сотрудничестве Администрации города Алчевска и Донбасского "
        "государственного технического университета",
        kind=Agreement.Kind.COOPERATION,
        status=Agreement.Status.SIGNED,
        signed_on=datetime.date(2021, 3, 1),
        signing_place="г. Алчевск",
        summary="Совместные научные и образовательные проекты, практика студентов на "
        "предприятиях города.",
        body=DEMO_NOTE,
        partners=[alchevsk, partners["dongtu"]],
        areas=[areas["nauka"], areas["obrazovanie"], areas["molodezhnaia-politika"]],
    )
    _agreement(
        "alchevsk-rovenki-protokol",
        title="Протокол о совместном проведении спортивных и туристических мероприятий "
        "городов Алчевск и Ровеньки",
        kind=Agreement.Kind.PROTOCOL,
        status=Agreement.Status.EXPIRED,
        signed_on=datetime.date(2020, 2, 20),
        valid_from=datetime.date(2020, 2, 20),
        valid_until=datetime.date(2021, 12, 31),
        signing_place="г. Ровеньки",
        summary="Совместные соревнования и туристические маршруты на 2020–2021 годы.",
        body=DEMO_NOTE,
        partners=[alchevsk, partners["rovenki"]],
        areas=[areas["sport"], areas["turizm"]],
    )
    _agreement(
        "alchevsk-kursk-memorandum",
        title="Меморандум о намерениях между городами Алчевск и Курск",
        kind=Agreement.Kind.MEMORANDUM,
        status=Agreement.Status.NEGOTIATION,
        is_published=False,
        summary="Черновик: не опубликован, виден только редакторам.",
        body=DEMO_NOTE,
        partners=[alchevsk, partners["kursk"]],
        areas=[areas["ekonomika"]],
    )


def _partner(spec):
    spec = dict(spec)
    colours = spec.pop("colours")
    slug = spec.pop("slug")
    partner, created = Partner.objects.get_or_create(slug=slug, defaults=spec)
    if created and not partner.coat_of_arms:
        name = f"{slug}.png"
        # A named ContentFile: Django stores the width and height only if the file has a name.
        partner.coat_of_arms.save(name, ContentFile(_coat_of_arms_png(*colours), name=name))
    return partner


def _agreement(slug, *, partners, areas, **fields):
    fields.setdefault("is_published", True)
    agreement, created = Agreement.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        agreement.partners.set(partners)
        agreement.areas.set(areas)
    return agreement


def _signatory(agreement, name, position, side, order):
    Signatory.objects.get_or_create(
        agreement=agreement,
        name=name,
        defaults={"position": position, "side": side, "order": order},
    )


def _document(agreement, title, stem):
    if not agreement.documents.filter(title=title).exists():
        document = AgreementDocument(agreement=agreement, title=title)
        document.file.save(f"{stem}.pdf", ContentFile(_document_pdf()), save=False)
        document.save()


def _event(slug, *, partners, areas, **fields):
    fields.setdefault("ends_on", None)
    fields.setdefault("is_published", True)
    event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        event.partners.set(partners)
        event.areas.set(areas)
    return event


def _plan(agreement, title, start, end, status, note=""):
    plan, _created = CooperationPlan.objects.get_or_create(
        agreement=agreement,
        title=title,
        defaults={"period_start": start, "period_end": end, "status": status, "note": note},
    )
    return plan


def _item(plan, order, activity, responsible, due_on, area=None, completed=None, **fields):
    """A plan item; ``completed`` (what ``complete_plan_item`` takes) marks a new one done."""
    item, created = PlanItem.objects.get_or_create(
        plan=plan,
        activity=activity,
        defaults={
            "order": order,
            "responsible": responsible,
            "due_on": due_on,
            "area": area,
            **fields,
        },
    )
    if created and completed is not None:
        complete_plan_item(item, **completed)
    return item


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return datetime.date(day.year + month_index // 12, month_index % 12 + 1, 1)


def _coat_of_arms_png(field, charge) -> bytes:
    """A plain heraldic shield in two colours with a star; drawn, nothing downloaded."""
    width, height = 320, 380
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    outline = [(10, 10), (310, 10), (310, 200)]
    outline += [
        (160 + 150 * math.cos(math.radians(a)), 200 + 170 * math.sin(math.radians(a)))
        for a in range(0, 181, 10)
    ]
    outline += [(10, 200)]
    draw.polygon(outline, fill=field, outline=(40, 40, 40), width=6)
    draw.rectangle((10, 10, 310, 80), fill=charge, outline=(40, 40, 40), width=6)
    cx, cy, r_out, r_in = 160, 220, 80, 32
    star = [
        (
            cx + (r_out if n % 2 == 0 else r_in) * math.sin(math.radians(n * 36)),
            cy - (r_out if n % 2 == 0 else r_in) * math.cos(math.radians(n * 36)),
        )
        for n in range(10)
    ]
    draw.polygon(star, fill=charge)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _document_pdf() -> bytes:
    """A one-page PDF that looks like a typed document (a mock-up, no real text)."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((470, 120, 770, 150), fill=(60, 60, 60))
    for row in range(40):
        y = 240 + row * 34
        right = 1120 if row % 6 != 5 else 700
        draw.rectangle((120, y, right, y + 12), fill=(150, 150, 150))
    draw.rectangle((120, 1640, 420, 1650), fill=(20, 20, 20))
    draw.rectangle((820, 1640, 1120, 1650), fill=(20, 20, 20))
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=150)
    return buffer.getvalue()
