"""The Russian forms of every admin model's name: cases, plural and gender.

Russian-only declarations, not translations: English has no case or gender to translate
from, so these forms are declared here once, keyed by model label, and used only while the
active language is Russian (``names_for``); any other language keeps Django's own wording.
"""

import enum
from dataclasses import KW_ONLY, dataclass

from django.db.models import Model
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
    _: KW_ONLY
    genitive: str

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

    def selected_genitive(self) -> str:
        """«(удаление) выбранных статей»."""
        return f"выбранных {self.genitive_plural}"

    def recover_deleted_label(self) -> str:
        """«Восстановить удалённые статьи», «Восстановить удалённых партнёров»."""
        adjective = "удалённых" if self.animate else "удалённые"
        return f"Восстановить {adjective} {self.accusative_plural}"

    def delete_selected_label(self) -> str:
        return f"Удалить {self.selected_accusative()}"

    def title(self) -> str:
        return capfirst(self.nominative)


M, F, N, PL = Gender.MASCULINE, Gender.FEMININE, Gender.NEUTER, Gender.PLURAL

NAMES = {
    "news.article": RussianNames("статья", "статью", "статьи", "статей", F, genitive="статьи"),
    "news.rubric": RussianNames("рубрика", "рубрику", "рубрики", "рубрик", F, genitive="рубрики"),
    "news.tag": RussianNames("тег", "тег", "теги", "тегов", M, genitive="тега"),
    "news.department": RussianNames(
        "подразделение",
        "подразделение",
        "подразделения",
        "подразделений",
        N,
        genitive="подразделения",
    ),
    "news.galleryphoto": RussianNames(
        "фотография галереи",
        "фотографию галереи",
        "фотографии галереи",
        "фотографий галереи",
        F,
        genitive="фотографии галереи",
    ),
    "news.relatedarticle": RussianNames(
        "связанная статья",
        "связанную статью",
        "связанные статьи",
        "связанных статей",
        F,
        genitive="связанной статьи",
    ),
    "news.importrun": RussianNames(
        "импорт новостей",
        "импорт новостей",
        "импорты новостей",
        "импортов новостей",
        M,
        genitive="импорта новостей",
    ),
    "news.importproblem": RussianNames(
        "замечание импорта",
        "замечание импорта",
        "замечания импорта",
        "замечаний импорта",
        N,
        genitive="замечания импорта",
    ),
    "partnerships.partner": RussianNames(
        "партнёр",
        "партнёра",
        "партнёры",
        "партнёров",
        M,
        animate=True,
        genitive="партнёра",
    ),
    "partnerships.area": RussianNames(
        "направление сотрудничества",
        "направление сотрудничества",
        "направления сотрудничества",
        "направлений сотрудничества",
        N,
        genitive="направления сотрудничества",
    ),
    "partnerships.agreement": RussianNames(
        "соглашение",
        "соглашение",
        "соглашения",
        "соглашений",
        N,
        genitive="соглашения",
    ),
    "partnerships.stagechange": RussianNames(
        "этап", "этап", "этапы", "этапов", M, genitive="этапа"
    ),
    "partnerships.signatory": RussianNames(
        "подписант",
        "подписанта",
        "подписанты",
        "подписантов",
        M,
        animate=True,
        genitive="подписанта",
    ),
    "partnerships.agreementdocument": RussianNames(
        "документ",
        "документ",
        "документы",
        "документов",
        M,
        genitive="документа",
    ),
    "partnerships.cooperationplan": RussianNames(
        "план сотрудничества",
        "план сотрудничества",
        "планы сотрудничества",
        "планов сотрудничества",
        M,
        genitive="плана сотрудничества",
    ),
    "partnerships.planitem": RussianNames(
        "пункт плана",
        "пункт плана",
        "пункты плана",
        "пунктов плана",
        M,
        genitive="пункта плана",
    ),
    "partnerships.event": RussianNames(
        "мероприятие",
        "мероприятие",
        "мероприятия",
        "мероприятий",
        N,
        genitive="мероприятия",
    ),
    "partnerships.eventphoto": RussianNames(
        "фотография мероприятия",
        "фотографию мероприятия",
        "фотографии мероприятия",
        "фотографий мероприятия",
        F,
        genitive="фотографии мероприятия",
    ),
    "partnerships.agreement_articles": RussianNames(
        "соглашение, о котором рассказывает статья",
        "соглашение, о котором рассказывает статья",
        "соглашения, о которых рассказывает статья",
        "соглашений, о которых рассказывает статья",
        N,
        genitive="соглашения, о котором рассказывает статья",
    ),
    "partnerships.event_articles": RussianNames(
        "мероприятие, о котором рассказывает статья",
        "мероприятие, о котором рассказывает статья",
        "мероприятия, о которых рассказывает статья",
        "мероприятий, о которых рассказывает статья",
        N,
        genitive="мероприятия, о котором рассказывает статья",
    ),
    "portal.sitesettings": RussianNames(
        "настройки сайта",
        "настройки сайта",
        "настройки сайта",
        "настроек сайта",
        PL,
        genitive="настроек сайта",
    ),
    "portal.searchpin": RussianNames(
        "закреплённый результат",
        "закреплённый результат",
        "закреплённые результаты",
        "закреплённых результатов",
        M,
        genitive="закреплённого результата",
    ),
    "portal.auditevent": RussianNames(
        "запись журнала действий",
        "запись журнала действий",
        "журнал действий",
        "записей журнала действий",
        F,
        genitive="записи журнала действий",
    ),
    "portal.redirect": RussianNames(
        "переадресация",
        "переадресацию",
        "переадресации",
        "переадресаций",
        F,
        genitive="переадресации",
    ),
    "portal.queuedtask": RussianNames("задача", "задачу", "задачи", "задач", F, genitive="задачи"),
    "channels.notificationpreference": RussianNames(
        "настройка уведомлений",
        "настройку уведомлений",
        "настройки уведомлений",
        "настроек уведомлений",
        F,
        genitive="настройки уведомлений",
    ),
    "channels.sentmessage": RussianNames(
        "отправленное письмо",
        "отправленное письмо",
        "отправленные письма",
        "отправленных писем",
        N,
        genitive="отправленного письма",
    ),
    "channels.digestchoice": RussianNames(
        "настройка сводки",
        "настройку сводки",
        "настройки сводки",
        "настроек сводки",
        F,
        genitive="настройки сводки",
    ),
    "channels.digestitem": RussianNames(
        "уведомление для сводки",
        "уведомление для сводки",
        "уведомления для сводки",
        "уведомлений для сводки",
        N,
        genitive="уведомления для сводки",
    ),
    "portal.dailyrun": RussianNames(
        "ежедневный запуск",
        "ежедневный запуск",
        "ежедневные запуски",
        "ежедневных запусков",
        M,
        genitive="ежедневного запуска",
    ),
    "channels.subscriber": RussianNames(
        "подписчик",
        "подписчика",
        "подписчики",
        "подписчиков",
        M,
        animate=True,
        genitive="подписчика",
    ),
    "channels.subscription": RussianNames(
        "подписка", "подписку", "подписки", "подписок", F, genitive="подписки"
    ),
    "channels.channel": RussianNames(
        "канал публикации",
        "канал публикации",
        "каналы публикации",
        "каналов публикации",
        M,
        genitive="канала публикации",
    ),
    "channels.channelpost": RussianNames(
        "запись в канале",
        "запись в канале",
        "записи в каналах",
        "записей в каналах",
        F,
        genitive="записи в канале",
    ),
    "channels.postattempt": RussianNames(
        "попытка отправки",
        "попытку отправки",
        "попытки отправки",
        "попыток отправки",
        F,
        genitive="попытки отправки",
    ),
    "alerts.banner": RussianNames(
        "объявление",
        "объявление",
        "объявления",
        "объявлений",
        N,
        genitive="объявления",
    ),
    "media.image": RussianNames(
        "изображение", "изображение", "изображения", "изображений", N, genitive="изображения"
    ),
    "media.tag": RussianNames(
        "метка изображения",
        "метку изображения",
        "метки изображений",
        "меток изображений",
        F,
        genitive="метки изображения",
    ),
    "documents.issuingbody": RussianNames(
        "орган, принявший документ",
        "орган, принявший документ",
        "органы, принявшие документы",
        "органов, принявших документы",
        M,
        genitive="органа, принявшего документ",
    ),
    "documents.document": RussianNames(
        "документ", "документ", "документы", "документов", M, genitive="документа"
    ),
    "documents.documentlink": RussianNames(
        "связь документов",
        "связь документов",
        "связи документов",
        "связей документов",
        F,
        genitive="связи документов",
    ),
    "press.announcement": RussianNames(
        "анонс", "анонс", "анонсы", "анонсов", M, genitive="анонса"
    ),
    "press.presscontact": RussianNames(
        "контакт пресс-службы",
        "контакт пресс-службы",
        "контакты пресс-службы",
        "контактов пресс-службы",
        M,
        genitive="контакта пресс-службы",
    ),
    "press.accreditationrequest": RussianNames(
        "заявка на аккредитацию",
        "заявку на аккредитацию",
        "заявки на аккредитацию",
        "заявок на аккредитацию",
        F,
        genitive="заявки на аккредитацию",
    ),
    "pages.page": RussianNames(
        "страница", "страницу", "страницы", "страниц", F, genitive="страницы"
    ),
    "auth.user": RussianNames(
        "пользователь",
        "пользователя",
        "пользователи",
        "пользователей",
        M,
        animate=True,
        genitive="пользователя",
    ),
    "auth.group": RussianNames("группа", "группу", "группы", "групп", F, genitive="группы"),
    "axes.accessattempt": RussianNames(
        "попытка доступа",
        "попытку доступа",
        "попытки доступа",
        "попыток доступа",
        F,
        genitive="попытки доступа",
    ),
    "axes.accesslog": RussianNames(
        "запись о доступе",
        "запись о доступе",
        "журнал доступа",
        "записей о доступе",
        F,
        genitive="записи о доступе",
    ),
    "axes.accessfailurelog": RussianNames(
        "ошибка доступа",
        "ошибку доступа",
        "ошибки доступа",
        "ошибок доступа",
        F,
        genitive="ошибки доступа",
    ),
    "otp_totp.totpdevice": RussianNames(
        "TOTP-устройство",
        "TOTP-устройство",
        "TOTP-устройства",
        "TOTP-устройств",
        N,
        genitive="TOTP-устройства",
    ),
    "otp_static.staticdevice": RussianNames(
        "набор резервных кодов",
        "набор резервных кодов",
        "наборы резервных кодов",
        "наборов резервных кодов",
        M,
        genitive="набора резервных кодов",
    ),
    "otp_static.statictoken": RussianNames(
        "резервный код",
        "резервный код",
        "резервные коды",
        "резервных кодов",
        M,
        genitive="резервного кода",
    ),
}


def names_for(model: type[Model] | Model) -> RussianNames | None:
    """The declared Russian names of ``model`` while Russian is active, else ``None``."""
    if not (get_language() or "").startswith("ru"):
        return None
    return NAMES.get(model._meta.label_lower)
