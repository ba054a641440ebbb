from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from portal.models import SiteSettings

admin.site.site_header = _("Vestnik — editorial office")
admin.site.site_title = _("Vestnik")
admin.site.index_title = _("Content management")


class AuditedAdminMixin:
    """Stamps who created and last changed a record."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin):
    fieldsets = [
        (None, {"fields": ["city_name", "office_name", "tagline", "logo"]}),
        (_("Contacts"), {"fields": ["address", "phone", "email", "working_hours"]}),
        (_("Social networks"), {"fields": ["vk_url", "telegram_url", "ok_url"]}),
        (None, {"fields": ["footer_note"]}),
    ]
