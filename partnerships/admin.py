from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerships.models import (
    Agreement,
    AgreementDocument,
    Area,
    CooperationPlan,
    Event,
    EventPhoto,
    Partner,
    PlanItem,
    Signatory,
)
from partnerships.services import set_agreements_published
from portal.admin import (
    AUDIT_FIELDS,
    HISTORY_FIELDSET,
    AuditedAdminMixin,
    HistoryAdmin,
    PhotoInline,
    VersionedModelForm,
    image_thumbnail,
)
from portal.forms import TypographyFormMixin
from portal.kept_uploads import KeepsUploadsAdmin


class CheckboxAreasMixin:
    """Areas of cooperation are few: tick boxes instead of a multiple select."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def progress_text(plan):
    if plan.progress is None:
        return "—"
    return _("%(percent)s%% (%(done)s of %(total)s)") % {
        "percent": plan.progress,
        "done": plan.items_done,
        "total": plan.items_total,
    }


@admin.register(Partner)
class PartnerAdmin(KeepsUploadsAdmin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["emblem", "name", "kind", "region", "is_home"]
    list_display_links = ["emblem", "name"]
    list_filter = ["kind", "is_home"]
    search_fields = ["name", "region"]
    readonly_fields = ["emblem_preview", *AUDIT_FIELDS]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "is_home", "region"]}),
        (_("Coat of arms or logo"), {"fields": ["coat_of_arms", "emblem_preview"]}),
        (
            _("About"),
            {"fields": ["description", "website", "population", "latitude", "longitude"]},
        ),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("coat of arms"))
    def emblem(self, partner):
        return image_thumbnail(partner, "coat_of_arms", 160, width=40)

    @admin.display(description=_("preview"))
    def emblem_preview(self, partner):
        return image_thumbnail(partner, "coat_of_arms", 160, width=160)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "position", "side", "order"]
    autocomplete_fields = ["side"]


class DocumentInline(admin.TabularInline):
    model = AgreementDocument
    extra = 0
    fields = ["title", "kind", "file", "order"]


class PlanInline(admin.TabularInline):
    """Plans of the agreement; their items are edited on the plan's own page (the link)."""

    model = CooperationPlan
    extra = 0
    fields = ["title", "period_start", "period_end", "status", "progress"]
    readonly_fields = ["progress"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("progress"))
    def progress(self, plan):
        if not plan.pk:
            return "—"
        return progress_text(plan)


class AgreementAdminForm(TypographyFormMixin, VersionedModelForm):
    """The title, summary and text typeset when the site settings ask for it; the place and
    occasion of signing are names, kept as typed."""

    typeset_fields = ("title", "summary")
    typeset_html_fields = ("body",)


class EventAdminForm(TypographyFormMixin, VersionedModelForm):
    typeset_fields = ("title", "summary")
    typeset_html_fields = ("description",)


@admin.register(Agreement)
class AgreementAdmin(CheckboxAreasMixin, HistoryAdmin):
    form = AgreementAdminForm
    list_display = ["title", "kind", "status", "signed_on", "counterparts_list", "is_published"]
    list_filter = ["status", "kind", "is_published", "areas", "partners"]
    search_fields = ["title", "summary", "partners__name"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["partners", "articles"]
    readonly_fields = AUDIT_FIELDS
    inlines = [SignatoryInline, DocumentInline, PlanInline]
    actions = ["publish_selected", "hide_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "is_published", "partners"]}),
        (
            _("Signing and validity"),
            {
                "fields": [
                    "signed_on",
                    "signing_place",
                    "signing_occasion",
                    "valid_from",
                    "valid_until",
                ]
            },
        ),
        (_("Content"), {"fields": ["areas", "summary", "body", "articles"]}),
        HISTORY_FIELDSET,
    ]

    def get_queryset(self, request):
        # The list shows the partners' names only (``counterparts_list``).
        partners = Partner.objects.only("name", "is_home")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(models.Prefetch("partners", queryset=partners))
        )

    @admin.display(description=_("partners"))
    def counterparts_list(self, agreement):
        return ", ".join(partner.name for partner in agreement.counterparts)

    @admin.action(description=_("Publish selected agreements"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._report(request, set_agreements_published(queryset, True, by=request.user))

    @admin.action(description=_("Hide selected agreements"), permissions=["change"])
    def hide_selected(self, request, queryset):
        self._report(request, set_agreements_published(queryset, False, by=request.user))

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%d agreement changed.", "%d agreements changed.", count) % count,
            messages.SUCCESS,
        )


class EventPhotoInline(PhotoInline):
    model = EventPhoto


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


@admin.register(Event)
class EventAdmin(CheckboxAreasMixin, HistoryAdmin):
    form = EventAdminForm
    list_display = ["title", "dates", "precision", "kind", "agreement", "is_published"]
    # Whether an event comes under an agreement, not which one: a filter of a thousand
    # agreements was most of the list's time; the search finds an agreement's events by its title.
    list_filter = [
        WhenFilter,
        "kind",
        "precision",
        "is_published",
        ("agreement", admin.EmptyFieldListFilter),
        "partners",
    ]
    list_select_related = ["agreement"]
    search_fields = ["title", "place", "participants", "agreement__title"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["partners", "agreement", "articles"]
    readonly_fields = AUDIT_FIELDS
    inlines = [EventPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "is_published"]}),
        (_("Date"), {"fields": ["starts_on", "ends_on", "precision"]}),
        (_("Where and who"), {"fields": ["place", "participants", "partners", "agreement"]}),
        (_("Content"), {"fields": ["areas", "summary", "description", "articles"]}),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, event):
        return event.dates_display


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["activity", "area", "responsible", "due_on", "status", "result", "event", "order"]
    autocomplete_fields = ["event"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(CooperationPlan)
class CooperationPlanAdmin(HistoryAdmin):
    list_display = ["title", "agreement", "period_start", "period_end", "status", "progress"]
    list_filter = ["status", "agreement"]
    list_select_related = ["agreement"]
    search_fields = ["title", "agreement__title"]
    autocomplete_fields = ["agreement", "articles"]
    readonly_fields = ["progress", *AUDIT_FIELDS]
    inlines = [PlanItemInline]
    fieldsets = [
        (None, {"fields": ["agreement", "title", "period_start", "period_end", "status"]}),
        (None, {"fields": ["note", "progress", "articles"]}),
        HISTORY_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("progress"), ordering="done_share")
    def progress(self, plan):
        if not plan.pk:
            return _("Counted from the items once the plan is saved.")
        return progress_text(plan)


# The article's admin page shows the agreements and events it covers: news must not import
# partnerships, so these inlines reach the article admin through partnerships/hooks.py.
class ArticleLinkInline(admin.TabularInline):
    """An inline over an automatic many-to-many table (its columns and rows are named in
    partnerships/models.py)."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.autocomplete_fields)


class AgreementArticleInline(ArticleLinkInline):
    model = Agreement.articles.through
    extra = 0
    autocomplete_fields = ["agreement"]
    verbose_name = _("agreement covered by the article")
    verbose_name_plural = _("Agreements covered by the article")


class EventArticleInline(ArticleLinkInline):
    model = Event.articles.through
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name = _("event covered by the article")
    verbose_name_plural = _("Events covered by the article")
