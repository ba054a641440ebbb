"""The Russian forms of every admin model's name: cases, plural and gender.

Russian-only declarations, not translations: English has no case or gender to translate
from, so these forms are declared here once, keyed by model label, and used only while the
active language is Russian (``names_for``); any other language keeps Django's own wording.
"""

import enum
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import get_language


class Gender(enum.Enum):
    MASCULINE = "m"
    FEMININE = "f"
    NEUTER = "n"
    # Nouns without a singular («настройки»): their participles agree in the plural.
    PLURAL = "pl"


@dataclass(frozen=True)
class RussianNames:
    nominative: str
    accusative: str
    plural: str
    genitive_plural: str
    gender: Gender
    animate: bool = False

    @property
    def accusative_plural(self) -> str:
        return self.genitive_plural if self.animate else self.plural

    def agreeing(self, participle: str) -> str:
        """The short participle ``participle`` (masculine: «сохранён») agreeing with the name."""
        stem = participle.removesuffix("ён") + "ен" if participle.endswith("ён") else participle
        endings = {Gender.FEMININE: "а", Gender.NEUTER: "о", Gender.PLURAL: "ы"}
        return participle if self.gender is Gender.MASCULINE else stem + endings[self.gender]

    def add_label(self) -> str:
        return f"Добавить {self.accusative}"

    def add_another_label(self) -> str:
        return f"Добавить ещё {self.accusative}"

    def selected_accusative(self) -> str:
        """«выбранные статьи», «выбранных партнёров»."""
        adjective = "выбранных" if self.animate else "выбранные"
        return f"{adjective} {self.accusative_plural}"

    def delete_selected_label(self) -> str:
        return f"Удалить {self.selected_accusative()}"

    def title(self) -> str:
        return capfirst(self.nominative)


M, F, N, PL = Gender.MASCULINE, Gender.FEMININE, Gender.NEUTER, Gender.PLURAL

NAMES = {
    "news.article": RussianNames("статья", "статью", "статьи", "статей", F),
    "news.rubric": RussianNames("рубрика", "рубрику", "рубрики", "рубрик", F),
    "news.tag": RussianNames("тег", "тег", "теги", "тегов", M),
    "news.department": RussianNames(
        "подразделение", "подразделение", "подразделения", "подразделений", N
    ),
    "news.galleryphoto": RussianNames(
        "фотография галереи",
        "фотографию галереи",
        "фотографии галереи",
        "фотографий галереи",
        F,
    ),
    "partnerships.partner": RussianNames(
        "партнёр", "партнёра", "партнёры", "партнёров", M, animate=True
    ),
    "partnerships.area": RussianNames(
        "направление сотрудничества",
        "направление сотрудничества",
        "направления сотрудничества",
        "направлений сотрудничества",
        N,
    ),
    "partnerships.agreement": RussianNames(
        "соглашение", "соглашение", "соглашения", "соглашений", N
    ),
    "partnerships.signatory": RussianNames(
        "подписант", "подписанта", "подписанты", "подписантов", M, animate=True
    ),
    "partnerships.agreementdocument": RussianNames(
        "документ", "документ", "документы", "документов", M
    ),
    "partnerships.cooperationplan": RussianNames(
        "план сотрудничества",
        "план сотрудничества",
        "планы сотрудничества",
        "планов сотрудничества",
        M,
    ),
    "partnerships.planitem": RussianNames(
        "пункт плана", "пункт плана", "пункты плана", "пунктов плана", M
    ),
    "partnerships.event": RussianNames(
        "мероприятие", "мероприятие", "мероприятия", "мероприятий", N
    ),
    "partnerships.eventphoto": RussianNames(
        "фотография мероприятия",
        "фотографию мероприятия",
        "фотографии мероприятия",
        "фотографий мероприятия",
        F,
    ),
    "partnerships.agreement_articles": RussianNames(
        "соглашение, о котором рассказывает статья",
        "соглашение, о котором рассказывает статья",
        "соглашения, о которых рассказывает статья",
        "соглашений, о которых рассказывает статья",
        N,
    ),
    "partnerships.event_articles": RussianNames(
        "мероприятие, о котором рассказывает статья",
        "мероприятие, о котором рассказывает статья",
        "мероприятия, о которых рассказывает статья",
        "мероприятий, о которых рассказывает статья",
        N,
    ),
    "portal.sitesettings": RussianNames(
        "настройки сайта", "настройки сайта", "настройки сайта", "настроек сайта", PL
    ),
    "portal.searchpin": RussianNames(
        "закреплённый результат",
        "закреплённый результат",
        "закреплённые результаты",
        "закреплённых результатов",
        M,
    ),
    "portal.auditevent": RussianNames(
        "запись журнала действий",
        "запись журнала действий",
        "журнал действий",
        "записей журнала действий",
        F,
    ),
    "portal.queuedtask": RussianNames("задача", "задачу", "задачи", "задач", F),
    "channels.notificationpreference": RussianNames(
        "настройка уведомлений",
        "настройку уведомлений",
        "настройки уведомлений",
        "настроек уведомлений",
        F,
    ),
    "channels.sentmessage": RussianNames(
        "отправленное письмо",
        "отправленное письмо",
        "отправленные письма",
        "отправленных писем",
        N,
    ),
    "channels.subscriber": RussianNames(
        "подписчик", "подписчика", "подписчики", "подписчиков", M, animate=True
    ),
    "channels.subscription": RussianNames("подписка", "подписку", "подписки", "подписок", F),
    "auth.user": RussianNames(
        "пользователь", "пользователя", "пользователи", "пользователей", M, animate=True
    ),
    "auth.group": RussianNames("группа", "группу", "группы", "групп", F),
    "axes.accessattempt": RussianNames(
        "попытка доступа", "попытку доступа", "попытки доступа", "попыток доступа", F
    ),
    "axes.accesslog": RussianNames(
        "запись о доступе", "запись о доступе", "журнал доступа", "записей о доступе", F
    ),
    "axes.accessfailurelog": RussianNames(
        "ошибка доступа", "ошибку доступа", "ошибки доступа", "ошибок доступа", F
    ),
    "otp_totp.totpdevice": RussianNames(
        "TOTP-устройство", "TOTP-устройство", "TOTP-устройства", "TOTP-устройств", N
    ),
    "otp_static.staticdevice": RussianNames(
        "набор резервных кодов",
        "набор резервных кодов",
        "наборы резервных кодов",
        "наборов резервных кодов",
        M,
    ),
    "otp_static.statictoken": RussianNames(
        "резервный код", "резервный код", "резервные коды", "резервных кодов", M
    ),
}


def names_for(model) -> RussianNames | None:
    """The declared Russian names of ``model`` while Russian is active, else ``None``."""
    if not (get_language() or "").startswith("ru"):
        return None
    return NAMES.get(model._meta.label_lower)
