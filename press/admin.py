"""The press section in the admin: announcements and press contacts for the chief editor;
accreditation requests (personal data) seen only with ``press.view_accreditationrequest``
(the chief editor, portal/roles.py), exported for a data request and erased whole."""

import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, AuditedAdminMixin
from press import services
from press.models import AccreditationRequest, Announcement, PressContact


@admin.register(Announcement)
class AnnouncementAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "starts_at", "place", "accreditation_until", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["event", "article"]
    readonly_fields = AUDIT_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "description", "starts_at", "place"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email"]}),
        (_("Accreditation"), {"fields": ["accreditation_until"]}),
        (_("Links"), {"fields": ["event", "article"]}),
        (_("Publication"), {"fields": ["is_published"]}),
        HISTORY_FIELDSET,
    ]


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "phone", "email", "receives_requests", "order"]
    list_editable = ["order"]


@admin.register(AccreditationRequest)
class AccreditationRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "outlet", "announcement", "phone", "email", "created_at"]
    list_filter = ["announcement"]
    list_select_related = ["announcement"]
    search_fields = ["name", "outlet", "email"]
    date_hierarchy = "created_at"
    fields = [
        "announcement",
        "name",
        "outlet",
        "position",
        "phone",
        "email",
        "created_at",
        "consented_at",
        "consent_text",
    ]
    readonly_fields = fields
    actions = ["export_personal_data", "erase_personal_data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # erase_personal_data deletes a person whole
        return actions

    @admin.action(description=_("Export their personal data (JSON)"), permissions=["view"])
    def export_personal_data(self, request, queryset):
        people = services.of_the_same_person(queryset).select_related("announcement")
        data = [services.personal_data(item) for item in people]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="accreditation-data.json"'
        return response

    @admin.action(
        description=_("Erase their personal data (every request of these people)"),
        permissions=["delete"],
    )
    def erase_personal_data(self, request, queryset):
        deleted = services.erase(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d accreditation request is erased.",
                "%(count)d accreditation requests are erased.",
                deleted,
            )
            % {"count": deleted},
            messages.SUCCESS,
        )
