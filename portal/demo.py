"""Demo site settings and one demo account per editorial role."""

from django.contrib.auth import get_user_model

from portal import roles
from portal.models import SiteSettings

DEMO_PASSWORD = "vestnik-demo-2026"
# (login, first name, last name, role). «redaktor», the first demo account, stays a chief editor.
DEMO_USERS = (
    ("redaktor", "Редактор", "Демо", roles.CHIEF_EDITOR),
    ("glavred", "Галина", "Главная", roles.CHIEF_EDITOR),
    ("avtor", "Антон", "Авторов", roles.AUTHOR),
    ("partnery", "Полина", "Партнёрова", roles.PARTNERSHIPS_OFFICER),
)
DEMO_EDITOR = ("redaktor", DEMO_PASSWORD)


def load() -> str:
    site = SiteSettings.get_solo()
    site.city_name = "Алчевск"
    site.office_name = "Управление информационной политики Администрации города Алчевска"
    site.tagline = "Официальные новости города и реестр партнёрских связей"
    site.address = "пр. Ленина, 48, г. Алчевск"
    site.phone = "+7 (857) 422-00-00"
    site.email = "press@alchevsk.example"
    site.working_hours = "Пн–Пт 8:00–17:00"
    site.telegram_url = "https://t.me/alchevsk_example"
    site.vk_url = "https://vk.com/alchevsk_example"
    site.footer_note = "При использовании материалов сайта ссылка на источник обязательна."
    site.save()

    groups = roles.sync_roles()
    for username, first_name, last_name, role in DEMO_USERS:
        user, _created = get_user_model().objects.update_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "is_staff": True},
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([groups[role]])
        user.user_permissions.clear()
    logins = ", ".join(f"{username} ({role})" for username, _f, _l, role in DEMO_USERS)
    return f"site settings; editor accounts {logins}, password {DEMO_PASSWORD}"
