"""Demo records of the register: the Alchevsk–Torez twinning of the press release
(news/demo_data/press-release-twinning.ru.txt) in full, plus a few partners and agreements in
other statuses, marked as demo records, so the filters, the events list and the calendar have
something to show. Partners, areas and agreements are named by their slugs; the loader is
partnerships/demo.py."""

import datetime
from dataclasses import dataclass

from partnerships.models import Agreement, CooperationPlan, Event, Partner, PlanItem

PRESS_RELEASE_SLUG = "alchevsk-stal-gorodom-pobratimom-toreza"
TWINNING_SLUG = "alchevsk-torez-pobratimstvo"
SIGNING_SLUG = "podpisanie-soglasheniia-alchevsk-torez"
DEMO_NOTE = "<p><em>Демонстрационная запись.</em></p>"


@dataclass(frozen=True)
class FromToday:
    """A date relative to the day the demo is loaded (so upcoming events stay upcoming):
    ``days`` later, or the first day of the month ``months`` later."""

    days: int = 0
    months: int = 0

    def on(self, today: datetime.date) -> datetime.date:
        if self.months:
            month_index = today.month - 1 + self.months
            return datetime.date(today.year + month_index // 12, month_index % 12 + 1, 1)
        return today + datetime.timedelta(days=self.days)


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
        "emblem": "gear",
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
        "colours": ((30, 110, 50), (236, 236, 232)),
        "emblem": "tower",
    },
    {
        "slug": "lipetsk",
        "name": "Липецк",
        "kind": Partner.Kind.CITY,
        "region": "Липецкая область, Россия",
        "latitude": "52.603100",
        "longitude": "39.570800",
        "description": "<p>Партнёр Алчевска по торгово-экономическому и научно-техническому "
        "сотрудничеству.</p>" + DEMO_NOTE,
        "colours": ((180, 30, 40), (240, 240, 240)),
        "emblem": "waves",
    },
    {
        "slug": "briansk",
        "name": "Брянск",
        "kind": Partner.Kind.CITY,
        "region": "Брянская область, Россия",
        "latitude": "53.243400",
        "longitude": "34.363700",
        "description": "<p>С городом ведутся переговоры о меморандуме о сотрудничестве.</p>"
        + DEMO_NOTE,
        "colours": ((20, 90, 160), (200, 160, 40)),
        "emblem": "star",
    },
    {
        "slug": "rovenki",
        "name": "Ровеньки",
        "kind": Partner.Kind.CITY,
        "region": "Луганская Народная Республика",
        "latitude": "48.083300",
        "longitude": "39.366700",
        "description": "<p>Соседний город, партнёр по спортивным и туристическим "
        "проектам.</p>" + DEMO_NOTE,
        "colours": ((90, 40, 120), (230, 230, 230)),
        "emblem": "sun",
    },
    {
        "slug": "dongtu",
        "name": "Донбасский государственный технический университет",
        "kind": Partner.Kind.ORGANISATION,
        "region": "г. Алчевск",
        "latitude": "48.475200",
        "longitude": "38.813900",
        "description": "<p>Университет — партнёр города в научных и образовательных "
        "проектах.</p>" + DEMO_NOTE,
        "colours": ((10, 60, 100), (236, 236, 232)),
        "emblem": "gear",
    },
    {
        "slug": "kursk",
        "name": "Курск",
        "kind": Partner.Kind.CITY,
        "region": "Курская область, Россия",
        "latitude": "51.730400",
        "longitude": "36.192600",
        "description": "<p>Черновик: пока не опубликован.</p>" + DEMO_NOTE,
        "colours": ((140, 20, 20), (240, 200, 60)),
        "emblem": "star",
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


BOTH_CITIES = ["alchevsk", "torez"]
WITH_LIPETSK = ["alchevsk", "lipetsk"]

# In the order they are created; "partners" and "areas" by slug.
AGREEMENTS = [
    {
        "slug": TWINNING_SLUG,
        "title": "Соглашение об установлении побратимских связей между городами Алчевск и Торез",
        "kind": Agreement.Kind.TWINNING,
        "status": Agreement.Status.IN_FORCE,
        "signed_on": datetime.date(2019, 10, 29),
        "signing_place": "Донецкий международный инвестиционный форум",
        "signing_occasion": "секция «Донбасс и регионы России»",
        "valid_from": datetime.date(2019, 10, 29),
        "summary": "Алчевск и Торез Донецкой Народной Республики стали городами-побратимами: "
        "соглашение предусматривает сотрудничество в сфере культуры, торговли, "
        "промышленности, науки, образования, спорта, обмена историко-культурным и "
        "патриотическим наследием.",
        "body": TWINNING_BODY,
        "partners": BOTH_CITIES,
        "areas": TWINNING_AREAS,
    },
    {
        "slug": "alchevsk-lipetsk-sotrudnichestvo",
        "title": "Соглашение о торгово-экономическом, научно-техническом и культурном "
        "сотрудничестве между городами Алчевск и Липецк",
        "kind": Agreement.Kind.COOPERATION,
        "status": Agreement.Status.IN_FORCE,
        "signed_on": datetime.date(2022, 9, 15),
        "signing_place": "г. Липецк",
        "valid_from": datetime.date(2022, 9, 15),
        "valid_until": datetime.date(2027, 9, 14),
        "summary": "Сотрудничество в промышленности, торговле, образовании и экономике.",
        "body": DEMO_NOTE,
        "partners": WITH_LIPETSK,
        "areas": ["promyshlennost", "torgovlia", "obrazovanie", "ekonomika"],
    },
    {
        "slug": "alchevsk-briansk-memorandum",
        "title": "Меморандум о сотрудничестве между городами Алчевск и Брянск",
        "kind": Agreement.Kind.MEMORANDUM,
        "status": Agreement.Status.NEGOTIATION,
        "summary": "Проект меморандума о сотрудничестве в сфере образования и туризма "
        "находится на согласовании.",
        "body": DEMO_NOTE,
        "partners": ["alchevsk", "briansk"],
        "areas": ["obrazovanie", "turizm"],
    },
    {
        "slug": "alchevsk-dongtu-sotrudnichestvo",
        "title": "Соглашение о сотрудничестве Администрации города Алчевска и Донбасского "
        "государственного технического университета",
        "kind": Agreement.Kind.COOPERATION,
        "status": Agreement.Status.SIGNED,
        "signed_on": datetime.date(2021, 3, 1),
        "signing_place": "г. Алчевск",
        "summary": "Совместные научные и образовательные проекты, практика студентов на "
        "предприятиях города.",
        "body": DEMO_NOTE,
        "partners": ["alchevsk", "dongtu"],
        "areas": ["nauka", "obrazovanie", "molodezhnaia-politika"],
    },
    {
        "slug": "alchevsk-rovenki-protokol",
        "title": "Протокол о совместном проведении спортивных и туристических мероприятий "
        "городов Алчевск и Ровеньки",
        "kind": Agreement.Kind.PROTOCOL,
        "status": Agreement.Status.EXPIRED,
        "signed_on": datetime.date(2020, 2, 20),
        "valid_from": datetime.date(2020, 2, 20),
        "valid_until": datetime.date(2021, 12, 31),
        "signing_place": "г. Ровеньки",
        "summary": "Совместные соревнования и туристические маршруты на 2020–2021 годы.",
        "body": DEMO_NOTE,
        "partners": ["alchevsk", "rovenki"],
        "areas": ["sport", "turizm"],
    },
    {
        "slug": "alchevsk-kursk-memorandum",
        "title": "Меморандум о намерениях между городами Алчевск и Курск",
        "kind": Agreement.Kind.MEMORANDUM,
        "status": Agreement.Status.DRAFT,
        "is_published": False,
        "summary": "Черновик: не опубликован, виден только редакторам.",
        "body": DEMO_NOTE,
        "partners": ["alchevsk", "kursk"],
        "areas": ["ekonomika"],
    },
]

# The history of stages of the agreements created by the demo: (stage, date, comment); an
# agreement not listed gets its current stage, dated by its signing (or today).
STAGES = {
    TWINNING_SLUG: [
        (Agreement.Status.DRAFT, datetime.date(2019, 8, 1), "Проект подготовлен отделом"),
        (Agreement.Status.NEGOTIATION, datetime.date(2019, 8, 20), "Проект направлен в Торез"),
        (
            Agreement.Status.SENT_FOR_APPROVAL,
            datetime.date(2019, 9, 10),
            "Проект с пояснительной запиской направлен на согласование",
        ),
        (Agreement.Status.APPROVED, datetime.date(2019, 10, 15), "Согласование получено"),
        (
            Agreement.Status.SIGNED,
            datetime.date(2019, 10, 29),
            "Подписано на Донецком международном инвестиционном форуме",
        ),
        (Agreement.Status.IN_FORCE, datetime.date(2019, 10, 29), "Вступило в силу с подписанием"),
    ],
}

# (agreement, name, position, side, order)
SIGNATORIES = [
    (TWINNING_SLUG, "Наталья Пяткова", "Глава Администрации города Алчевска", "alchevsk", 1),
    (TWINNING_SLUG, "Дмитрий Лысенко", "Глава города Тореза", "torez", 2),
]

# (agreement, title, file name stem): a drawn mock-up of the document.
DOCUMENTS = [
    (TWINNING_SLUG, "Текст соглашения (демонстрационный макет документа)", "soglashenie"),
]

EVENTS = [
    {
        "slug": "festival-detei-torez-2016",
        "title": "Первый творческий фестиваль детей с ограниченными возможностями",
        "kind": Event.Kind.FESTIVAL,
        "starts_on": datetime.date(2016, 1, 1),
        "precision": Event.Precision.YEAR,
        "place": "Дворец культуры им. В. Маяковского, г. Торез",
        "participants": "Воспитанники Алчевского центра социальной реабилитации детей-инвалидов",
        "summary": "С участия воспитанников Алчевского центра социальной реабилитации "
        "детей-инвалидов в фестивале в Торезе началось сотрудничество двух городов.",
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["kultura"],
    },
    {
        "slug": "vystupleniia-kollektivov-alchevska-v-toreze",
        "title": "Выступления творческих коллективов Алчевска в Торезе",
        "kind": Event.Kind.PERFORMANCE,
        "starts_on": datetime.date(2017, 1, 1),
        "ends_on": datetime.date(2018, 12, 31),
        "precision": Event.Precision.YEAR,
        "place": "Творческие площадки г. Тореза",
        "participants": "Вокальные и хореографические коллективы Алчевского центра культуры и "
        "народного творчества",
        "summary": "На творческих площадках Тореза своё мастерство продемонстрировали "
        "вокальные и хореографические коллективы Алчевского центра культуры и народного "
        "творчества.",
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["kultura"],
    },
    {
        "slug": "otvetnyi-vizit-vokalistov-toreza-2018",
        "title": "Ответный визит вокалистов Торезского ДК им. В. Маяковского в Алчевск",
        "kind": Event.Kind.VISIT,
        "starts_on": datetime.date(2018, 4, 1),
        "precision": Event.Precision.MONTH,
        "place": "г. Алчевск",
        "participants": "Вокалисты Торезского ДК им. В. Маяковского",
        "summary": "Вокалисты из Тореза приняли участие в Республиканском фестивале-конкурсе "
        "«Луганский край – казачий край».",
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["kultura", "nasledie"],
    },
    {
        "slug": "obmen-tvorcheskimi-delegatsiiami-2019",
        "title": "Обмен творческими делегациями",
        "kind": Event.Kind.DELEGATION,
        "starts_on": datetime.date(2019, 1, 1),
        "precision": Event.Precision.YEAR,
        "place": "Алчевск и Торез",
        "participants": "Творческие делегации Алчевска и Тореза",
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["kultura"],
    },
    {
        "slug": SIGNING_SLUG,
        "title": "Подписание Соглашения об установлении побратимских связей между Алчевском "
        "и Торезом",
        "kind": Event.Kind.SIGNING,
        "starts_on": datetime.date(2019, 10, 29),
        "precision": Event.Precision.DAY,
        "place": "Донецкий международный инвестиционный форум, секция «Донбасс и регионы России»",
        "participants": "Наталья Пяткова, Глава Администрации города Алчевска; "
        "Дмитрий Лысенко, Глава города Тореза",
        "summary": "Алчевск и Торез подписали Соглашение об установлении побратимских связей.",
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": TWINNING_AREAS,
    },
    {
        "slug": "dni-kultury-toreza-v-alchevske",
        "title": "Дни культуры Тореза в Алчевске",
        "kind": Event.Kind.FESTIVAL,
        "starts_on": FromToday(days=21),
        "ends_on": FromToday(days=23),
        "precision": Event.Precision.DAY,
        "place": "Алчевский центр культуры и народного творчества",
        "participants": "Творческие коллективы Тореза",
        "summary": "Концерты и выставки творческих коллективов города-побратима.",
        "description": DEMO_NOTE,
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["kultura"],
    },
    {
        "slug": "turnir-iunosheskikh-komand-alchevsk-torez",
        "title": "Товарищеский турнир юношеских футбольных команд Алчевска и Тореза",
        "kind": Event.Kind.COMPETITION,
        "starts_on": FromToday(months=2),
        "precision": Event.Precision.MONTH,
        "place": "г. Торез",
        "summary": "Дата турнира уточняется.",
        "description": DEMO_NOTE,
        "agreement": TWINNING_SLUG,
        "partners": BOTH_CITIES,
        "areas": ["sport"],
    },
    {
        "slug": "vizit-delegatsii-alchevska-v-lipetsk-2023",
        "title": "Визит делегации Алчевска в Липецк",
        "kind": Event.Kind.VISIT,
        "starts_on": datetime.date(2023, 5, 16),
        "ends_on": datetime.date(2023, 5, 18),
        "precision": Event.Precision.DAY,
        "place": "г. Липецк",
        "summary": "Знакомство с опытом промышленных предприятий и колледжей Липецка.",
        "description": DEMO_NOTE,
        "agreement": "alchevsk-lipetsk-sotrudnichestvo",
        "partners": WITH_LIPETSK,
        "areas": ["promyshlennost", "obrazovanie"],
    },
    {
        "slug": "vizit-delegatsii-lipetska-v-alchevsk",
        "title": "Визит делегации Липецка в Алчевск",
        "kind": Event.Kind.VISIT,
        "starts_on": FromToday(days=10),
        "precision": Event.Precision.DAY,
        "place": "Администрация города Алчевска",
        "summary": "Переговоры о совместных проектах в промышленности и образовании.",
        "description": DEMO_NOTE,
        "agreement": "alchevsk-lipetsk-sotrudnichestvo",
        "partners": WITH_LIPETSK,
        "areas": ["promyshlennost"],
    },
]

# Each item's "area" by slug; "completed" (what complete_plan_item takes, its "event" by
# slug) marks a new item done; "responsible_user" (a login of portal/demo.py's accounts) is
# the staff member in charge, "responsible" then only the fallback if that account is missing.
PLANS = [
    {
        "agreement": TWINNING_SLUG,
        "title": "План сотрудничества на 2020 год",
        "period_start": datetime.date(2020, 1, 1),
        "period_end": datetime.date(2020, 12, 31),
        "status": CooperationPlan.Status.DRAFT,
        "note": "Проект плана готовится на встречах, намеченных по итогам Донецкого форума.",
        "items": [
            {
                "activity": "Рабочие встречи руководителей городов по подготовке плана "
                "сотрудничества",
                "responsible": "Наталья Пяткова, Глава Администрации города Алчевска; "
                "Дмитрий Лысенко, Глава города Тореза",
                "due_on": datetime.date(2020, 1, 31),
            },
            {
                "activity": "Участие творческой делегации Тореза в Республиканском "
                "фестивале-конкурсе «Луганский край – казачий край»",
                "responsible": "Алчевский центр культуры и народного творчества",
                "due_on": datetime.date(2020, 4, 30),
                "area": "nasledie",
            },
            {
                "activity": "Выступления вокальных и хореографических коллективов Алчевска "
                "в Торезе",
                "responsible": "Отдел культуры Администрации города Алчевска",
                "due_on": datetime.date(2020, 6, 30),
                "area": "kultura",
            },
            {
                "activity": "Товарищеские соревнования юношеских спортивных команд",
                "responsible": "Отделы по делам молодёжи и спорта администраций городов",
                "due_on": datetime.date(2020, 8, 31),
                "area": "sport",
            },
            {
                "activity": "Встреча представителей предприятий торговли и промышленности "
                "двух городов",
                "responsible": "Отделы экономики администраций городов",
                "due_on": datetime.date(2020, 10, 31),
                "area": "torgovlia",
            },
        ],
    },
    {
        "agreement": "alchevsk-lipetsk-sotrudnichestvo",
        "title": "План мероприятий на 2023 год",
        "period_start": datetime.date(2023, 1, 1),
        "period_end": datetime.date(2023, 12, 31),
        "status": CooperationPlan.Status.APPROVED,
        "items": [
            {
                "activity": "Визит делегации Алчевска на предприятия Липецка",
                "responsible": "Отдел экономики Администрации города Алчевска",
                "due_on": datetime.date(2023, 5, 31),
                "area": "promyshlennost",
                "completed": {
                    "event": "vizit-delegatsii-alchevska-v-lipetsk-2023",
                    "result": "Делегация посетила три предприятия.",
                },
            },
            {
                "activity": "Стажировка преподавателей колледжей",
                "responsible": "Управление образования Администрации города Алчевска",
                "due_year": 2023,
                "due_quarter": 4,
                "area": "obrazovanie",
                "status": PlanItem.Status.IN_PROGRESS,
                "result": "Программа стажировки согласована; поездка не состоялась в срок.",
            },
            {
                "activity": "Совместная ярмарка товаров местных производителей",
                "responsible_user": "partnery",
                "responsible": "Отдел торговли Администрации города Алчевска",
                "due_on": datetime.date(2023, 12, 15),
                "area": "torgovlia",
                "status": PlanItem.Status.IN_PROGRESS,
            },
            {
                "activity": "Обменные гастроли театров",
                "responsible": "Отдел культуры Администрации города Алчевска",
                "due_on": datetime.date(2023, 11, 30),
                "area": "kultura",
                "status": PlanItem.Status.CANCELLED,
                "result": "Перенесено на следующий год.",
            },
        ],
    },
]
