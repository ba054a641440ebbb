"""Subscribers in the admin: seen only with ``channels.view_subscriber`` (the chief editor),
exported whole for a data request, and deleted as an unsubscribe is (the address hashed into
the do-not-mail list)."""

import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from channels.subscriptions import services
from channels.subscriptions.models import Subscriber, Subscription
from portal.admin import TabularInline


class SubscriptionInline(TabularInline):
    model = Subscription
    fields = ("topic", "rubric", "agreement")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "frequency", "confirmed_at", "consented_at")
    list_filter = ("frequency",)
    search_fields = ("email",)
    date_hierarchy = "confirmed_at"
    fields = ("email", "frequency", "consented_at", "confirmed_at", "consent_text")
    readonly_fields = fields
    inlines = [SubscriptionInline]
    actions = ["export_personal_data", "delete_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.unsubscribe(obj)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            services.unsubscribe(subscriber)

    @admin.action(description=_("Export their personal data (JSON)"), permissions=["view"])
    def export_personal_data(self, request, queryset):
        subscribers = queryset.prefetch_related(
            "subscriptions__rubric",
            "subscriptions__agreement",
            "deliveries__announcement__article",
            "deliveries__announcement__event",
        )
        data = [services.personal_data(subscriber) for subscriber in subscribers]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="subscriber-data.json"'
        return response
