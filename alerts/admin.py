from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alerts.models import Banner
from portal.admin import AUDIT_FIELDS, HISTORY_FIELDSET, AuditedAdminMixin


class BannerForm(forms.ModelForm):
    """The admin's form (the admin adds the model and the fields of its fieldsets)."""

    sections = forms.MultipleChoiceField(
        label=_("sections"),
        choices=Banner.Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Banner._meta.get_field("sections").help_text,
    )
    text = forms.CharField(
        label=_("text"),
        max_length=Banner._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Banner._meta.get_field("text").help_text,
    )

    def clean_text(self):
        # Plain text on one line: a pasted line break would only show as a space anyway.
        return " ".join(self.cleaned_data["text"].split())


@admin.register(Banner)
class BannerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = BannerForm
    list_display = [
        "__str__",
        "severity",
        "where",
        "starts_at",
        "ends_at",
        "is_published",
        "state",
    ]
    list_filter = ["severity", "is_published"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    readonly_fields = AUDIT_FIELDS
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["severity", "text", ("link_url", "link_text")]}),
        (_("Where and when"), {"fields": ["sections", ("starts_at", "ends_at"), "is_published"]}),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("shown on"))
    def where(self, banner):
        return ", ".join(map(str, banner.section_labels)) or _("every page")

    @admin.display(description=_("now"))
    def state(self, banner):
        now = timezone.now()
        if not banner.is_published:
            return _("not published")
        if banner.ends_at and banner.ends_at <= now:
            return _("ended")
        if banner.starts_at and banner.starts_at > now:
            return _("waiting for its time")
        return _("shown")

    @admin.action(description=_("Publish the selected banners"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected banners"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        # Saved one by one, so every save drops the page cache's version and is stamped.
        changed = 0
        for banner in queryset.exclude(is_published=published):
            banner.is_published = published
            banner.updated_by = request.user
            banner.save(update_fields=["is_published", "updated_at", "updated_by"])
            changed += 1
        if published:
            text = ngettext("%(count)d banner published.", "%(count)d banners published.", changed)
        else:
            text = ngettext(
                "%(count)d banner unpublished.", "%(count)d banners unpublished.", changed
            )
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)
