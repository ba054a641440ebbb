from django.contrib import admin

from opendata.models import OpenDataVersion


@admin.register(OpenDataVersion)
class OpenDataVersionAdmin(admin.ModelAdmin):
    """The published versions, to look at: they are recorded by the site, never edited."""

    list_display = ("dataset", "stamp", "structure", "rows", "created_at")
    list_filter = ("dataset",)
    date_hierarchy = "created_at"
    fields = ("dataset", "stamp", "structure", "rows", "sha256", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).without_content()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
