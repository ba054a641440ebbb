"""Demo press section: the press office's contacts and an upcoming announcement (fictional,
of the demo city). Loading again only adds what is missing."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Event
from press.models import Announcement, PressContact

CONTACTS = (
    (
        "Ольга Сергеевна Медведева",
        "Пресс-секретарь главы Администрации города Алчевска",
        "+7 (857) 422-01-15",
        "press@alchevsk.example",
    ),
    (
        "Игорь Викторович Ракитин",
        "Главный специалист отдела по работе со СМИ",
        "+7 (857) 422-01-17",
        "smi@alchevsk.example",
    ),
)

ANNOUNCEMENT = {
    "title": "Пресс-подход главы города по итогам заседания коллегии",
    "description": (
        "Глава города ответит на вопросы журналистов о подготовке к отопительному сезону, "
        "ремонте дворов и плане сотрудничества с городом-побратимом Торезом на следующий год. "
        "Съёмка разрешена; операторам просьба прибыть за 15 минут до начала."
    ),
    "place": "Администрация города Алчевска, пр. Ленина, 48, малый зал (2-й этаж)",
    "contact_name": "Ольга Сергеевна Медведева",
    "contact_phone": "+7 (857) 422-01-15",
    "contact_email": "press@alchevsk.example",
}


def load(new=None) -> str:
    new = set() if new is None else new
    for order, (name, position, phone, email) in enumerate(CONTACTS):
        contact, created = PressContact.objects.get_or_create(
            name=name,
            defaults={"position": position, "phone": phone, "email": email, "order": order},
        )
        if created:
            new.add(contact)
    day = timezone.localdate() + datetime.timedelta(days=10)
    zone = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(day, datetime.time(11, 0), zone)
    deadline = datetime.datetime.combine(day - datetime.timedelta(days=2), datetime.time(18), zone)
    announcement, created = Announcement.objects.get_or_create(
        title=ANNOUNCEMENT["title"],
        defaults={
            **ANNOUNCEMENT,
            "starts_at": starts_at,
            "accreditation_until": deadline,
            "event": Event.objects.public().upcoming().first(),
            "is_published": True,
        },
    )
    if created:
        new.add(announcement)
    return _("press contacts: %(contacts)d, announcements: %(announcements)d") % {
        "contacts": PressContact.objects.count(),
        "announcements": Announcement.objects.count(),
    }
