"""Demo site settings and one demo account per editorial role."""

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Field, Model
from django.utils.translation import gettext as _

from portal import roles
from portal.demo_drawing import coat_of_arms_png
from portal.models import SiteSettings

DEMO_PASSWORD = "vestnik-demo-2026"
# (login, first name, last name, role). «redaktor», the first demo account, stays a chief editor.
DEMO_USERS = (
    ("redaktor", "Редактор", "Демо", roles.CHIEF_EDITOR),
    ("glavred", "Галина", "Главная", roles.CHIEF_EDITOR),
    ("avtor", "Антон", "Авторов", roles.AUTHOR),
    ("partnery", "Полина", "Партнёрова", roles.PARTNERSHIPS_OFFICER),
    ("dezhurny", "Денис", "Дежурнов", roles.DUTY_OFFICER),
)
DEMO_EDITOR = ("redaktor", DEMO_PASSWORD)


# The demo city's coat of arms in the header: a blue shield with a golden star.
COAT_OF_ARMS_COLOURS = ((11, 79, 138), (222, 170, 30))

# The demo's site settings; a field an editor has filled in (not empty, not the model's
# default) is left as it is.
SITE_SETTINGS = {
    "city_name": "Алчевск",
    "office_name": "Управление информационной политики Администрации города Алчевска",
    "tagline": "Официальные новости города и реестр партнёрских связей",
    "address": "пр. Ленина, 48, г. Алчевск",
    "phone": "+7 (857) 422-00-00",
    "email": "press@alchevsk.example",
    "working_hours": "Пн–Пт 8:00–17:00",
    "telegram_url": "https://t.me/alchevsk_example",
    "vk_url": "https://vk.com/alchevsk_example",
    "footer_note": "При использовании материалов сайта ссылка на источник обязательна.",
    "region": "Луганская Народная Республика",
    "ok_url": "https://ok.ru/alchevsk_example",
    "administration_url": "https://alchevsk.example/",
    "feedback_url": "https://pos.gosuslugi.ru/landing/",
}


def _field(name: str) -> Field[Any, Any]:
    return cast(Field[Any, Any], SiteSettings._meta.get_field(name))  # a plain field each


def load(new: set[Model] | None = None) -> str:
    """Fill in the empty site settings and create the demo accounts that do not exist yet;
    what editors changed (settings, names, passwords, roles) is left as it is. The accounts
    created are added to ``new``, the records created by this run of the demo."""
    new = set() if new is None else new
    site = SiteSettings.get_solo()
    empty = [
        name for name in SITE_SETTINGS if getattr(site, name) in ("", _field(name).get_default())
    ]
    for name in empty:
        setattr(site, name, SITE_SETTINGS[name])
    if not site.logo:
        name = "coat-of-arms.png"
        site.logo.save(name, ContentFile(coat_of_arms_png(*COAT_OF_ARMS_COLOURS), name=name))
    elif empty:
        site.save()

    groups = roles.sync_roles()
    created = []
    for username, first_name, last_name, role in DEMO_USERS:
        user, is_new = get_user_model().objects.get_or_create(
            username=username,
            # An address, so that `make demo` prints the notifications they would get.
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@alchevsk.example",
                "is_staff": True,
            },
        )
        if is_new:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([groups[role]])
            created.append(username)
            new.add(user)
    logins = ", ".join(f"{username} ({role})" for username, _f, _l, role in DEMO_USERS)
    kept = len(DEMO_USERS) - len(created)
    summary = _("site settings; editor accounts %(logins)s, password %(password)s") % {
        "logins": logins,
        "password": DEMO_PASSWORD,
    }
    if kept:
        summary += " " + _("(existing accounts left as they were: %(kept)d)") % {"kept": kept}
    return summary
