"""Demo site settings and the demo editor account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from portal.models import SiteSettings

DEMO_EDITOR = ("redaktor", "vestnik-demo-2026")
EDITOR_APPS = ("news", "partnerships", "portal")


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

    username, password = DEMO_EDITOR
    editor, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": "Редактор", "last_name": "Демо", "is_staff": True},
    )
    editor.is_staff = True
    editor.set_password(password)
    editor.save()
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
    return f"site settings; editor account {username} / {password}"
