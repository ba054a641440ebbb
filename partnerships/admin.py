from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from media.admin import LibraryChooserMixin, LibraryUploadAdminMixin
from media.forms import LibraryUploadField, LibraryUploadFormMixin
from partnerships import quality, report_admin
from partnerships.live_preview import render_event_preview
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
    StageChange,
)
from partnerships.plan_admin import DashboardViews, PlanItemForm, evidence_warnings
from partnerships.services import record_stage, set_agreements_published
from portal.admin import (
    AUDIT_FIELDS,
    HISTORY_FIELDSET,
    AuditedAdminMixin,
    HistoryAdmin,
    PhotoInline,
    TabularInline,
    VersionedModelForm,
    image_thumbnail,
)
from portal.forms import TypographyFormMixin
from portal.kept_uploads import KeepsUploadsAdmin
from portal.live_preview import LivePreviewAdminMixin
from portal.scheduling import PublicationWindowFormMixin, WindowListFilter, window_state


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


class NeedsAttentionFilter(admin.SimpleListFilter):
    """«Требует внимания»: the records the admin's ``needing_attention`` picks out
    (partnerships/quality.py)."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", _("Needs attention"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.model_admin.needing_attention(queryset)
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


class CurrentStatusFilter(admin.SimpleListFilter):
    """The stage as the list shows it: «expired» once «valid until» has passed."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return Agreement.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Agreement.Status.values:
            return queryset.with_current_status().filter(current_status_code=self.value())
        return queryset


class QualityWarningsMixin:
    """Shows the record's data-quality warnings (partnerships/quality.py) above its change
    form; ``quality_warnings(obj)`` and ``needing_attention(queryset)`` name the rule."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            for warning in self.quality_warnings(obj) if obj is not None else ():
                self.message_user(request, warning, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


def _https_formfield(field, **kwargs):
    """A web address typed without a scheme is read as https:// (as HTTPS_URL_FIELDS)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class PartnerAdminForm(LibraryUploadFormMixin, forms.ModelForm):
    coat_of_arms_upload = LibraryUploadField()

    class Meta:
        formfield_callback = _https_formfield
        model = Partner
        fields = [
            "name",
            "slug",
            "kind",
            "is_home",
            "region",
            "coat_of_arms",
            "description",
            "website",
            "population",
            "latitude",
            "longitude",
        ]


@admin.register(Partner)
class PartnerAdmin(
    LibraryUploadAdminMixin,
    QualityWarningsMixin,
    KeepsUploadsAdmin,
    AuditedAdminMixin,
    admin.ModelAdmin,
):
    form = PartnerAdminForm
    list_display = ["emblem", "name", "kind", "region", "is_home"]
    list_select_related = ["coat_of_arms"]
    list_display_links = ["emblem", "name"]
    list_filter = [NeedsAttentionFilter, "kind", "is_home"]
    search_fields = ["name", "region"]
    readonly_fields = ["emblem_preview", *AUDIT_FIELDS]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "is_home", "region"]}),
        (
            _("Coat of arms or logo"),
            {"fields": ["coat_of_arms", "coat_of_arms_upload", "emblem_preview"]},
        ),
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

    def quality_warnings(self, partner):
        return quality.partner_warnings(partner)

    def needing_attention(self, queryset):
        return quality.partners_needing_attention(queryset)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class SignatoryInline(TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "position", "side", "order"]
    autocomplete_fields = ["side"]


class DocumentInline(TabularInline):
    model = AgreementDocument
    extra = 0
    fields = ["title", "kind", "file", "order"]


class PlanInline(TabularInline):
    """Plans of the agreement; their items are edited on the plan's own page (the link)."""

    model = CooperationPlan
    extra = 0
    fields = ["title", "period_start", "period_end", "status", "progress"]
    readonly_fields = ["progress"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def get_urls(self):
        return [*DashboardViews(self).urls(), *super().get_urls()]

    def quality_warnings(self, plan):
        return evidence_warnings(plan)

    @admin.display(description=_("progress"))
    def progress(self, plan):
        if not plan.pk:
            return "—"
        return progress_text(plan)


class StageChangeInline(TabularInline):
    """The agreement's history of stages, newest first; written by saving a new stage."""

    model = StageChange
    extra = 0
    can_delete = False
    fields = ["stage", "date", "comment", "by", "created"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the agreement sees its history.
        return request.user.has_perm("partnerships.view_agreement") or request.user.has_perm(
            "partnerships.change_agreement"
        )


class AgreementAdminForm(TypographyFormMixin, PublicationWindowFormMixin, VersionedModelForm):
    """The title, summary and text typeset when the site settings ask for it; the place and
    occasion of signing are names, kept as typed. A change of stage is recorded in the
    history with ``stage_date`` and ``stage_comment``."""

    typeset_fields = ("title", "summary")
    typeset_html_fields = ("body",)

    stage_date = forms.DateField(
        label=_("date of the stage"),
        required=False,
        help_text=_("When the agreement reached the stage chosen above; today if left empty."),
    )
    stage_comment = forms.CharField(
        label=_("comment on the stage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Recorded in the history with a change of stage, e.g. «письмо № 12 от 3 марта»."
        ),
    )

    def clean_stage_date(self):
        date = self.cleaned_data.get("stage_date")
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The date of the stage cannot be in the future."))
        return date


class EventAdminForm(TypographyFormMixin, PublicationWindowFormMixin, VersionedModelForm):
    typeset_fields = ("title", "summary")
    typeset_html_fields = ("description",)


@admin.register(Agreement)
class AgreementAdmin(QualityWarningsMixin, CheckboxAreasMixin, HistoryAdmin):
    form = AgreementAdminForm
    list_display = [
        "title",
        "kind",
        "stage",
        "signed_on",
        "counterparts_list",
        "is_published",
        "window",
    ]
    list_filter = [
        NeedsAttentionFilter,
        CurrentStatusFilter,
        "kind",
        "is_published",
        WindowListFilter,
        "areas",
        "partners",
    ]
    search_fields = ["title", "summary", "partners__name"]
    date_hierarchy = "signed_on"
    autocomplete_fields = ["partners", "articles"]
    readonly_fields = AUDIT_FIELDS
    inlines = [SignatoryInline, DocumentInline, PlanInline, StageChangeInline]
    actions = ["publish_selected", "hide_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "is_published", "partners"]}),
        (_("Publication window"), {"fields": [("publish_at", "expire_at")]}),
        (_("Stage"), {"fields": ["status", "stage_date", "stage_comment"]}),
        (
            _("Signing and validity"),
            {
                "fields": [
                    "signed_on",
                    "signing_place",
                    "signing_occasion",
                    "valid_from",
                    "valid_until",
                    "extends_automatically",
                    "extension_years",
                ]
            },
        ),
        (_("Content"), {"fields": ["areas", "summary", "body", "articles"]}),
        HISTORY_FIELDSET,
    ]

    change_list_template = "admin/partnerships/agreement/change_list.html"

    def get_urls(self):
        return report_admin.report_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_see_report": report_admin.may_see(request)}
        return super().changelist_view(request, extra_context)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        # A new agreement has no history yet; its first stage is recorded on saving.
        return inlines if obj is not None else [i for i in inlines if i is not StageChangeInline]

    def get_fieldsets(self, request, obj=None):
        """Without the right to change, the stage's date and comment (form fields, nothing
        stored on the agreement) are left out: the history shows them."""
        fieldsets = super().get_fieldsets(request, obj)
        editable = (
            self.has_add_permission(request)
            if obj is None
            else self.has_change_permission(request, obj)
        )
        if editable:
            return fieldsets
        entered = {"stage_date", "stage_comment"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in entered]})
            for name, options in fieldsets
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

    @admin.display(description=_("publication window"), ordering="expire_at")
    def window(self, agreement):
        return window_state(agreement)

    @admin.display(description=_("stage"), ordering="status")
    def stage(self, agreement):
        """The stage as it reads today: «expired» once «valid until» has passed."""
        return agreement.get_current_status_display()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or "status" in form.changed_data:
            record_stage(
                form.instance,
                form.instance.status,
                on=form.cleaned_data.get("stage_date"),
                comment=form.cleaned_data.get("stage_comment", ""),
                by=request.user,
            )

    def quality_warnings(self, agreement):
        return quality.agreement_warnings(agreement)

    def needing_attention(self, queryset):
        return quality.agreements_needing_attention(queryset)

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


class EventPhotoInline(LibraryChooserMixin, PhotoInline):
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
class EventAdmin(LivePreviewAdminMixin, QualityWarningsMixin, CheckboxAreasMixin, HistoryAdmin):
    form = EventAdminForm
    list_display = ["title", "dates", "precision", "kind", "agreement", "is_published", "window"]
    # Whether an event comes under an agreement, not which one: a filter of a thousand
    # agreements was most of the list's time; the search finds an agreement's events by its title.
    list_filter = [
        NeedsAttentionFilter,
        WhenFilter,
        "kind",
        "precision",
        "is_published",
        WindowListFilter,
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
        (_("Publication window"), {"fields": [("publish_at", "expire_at")]}),
        (_("Date"), {"fields": ["starts_on", "ends_on", "precision"]}),
        (_("Where and who"), {"fields": ["place", "participants", "partners", "agreement"]}),
        (_("Content"), {"fields": ["areas", "summary", "description", "articles"]}),
        HISTORY_FIELDSET,
    ]
    live_preview_title = _("The event in the site's design, as the form now says")

    class Media:
        js = ["portal/live_preview.js"]

    def render_live_preview(self, request, form, obj):
        return render_event_preview(request, form, obj)

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, event):
        return event.dates_display

    @admin.display(description=_("publication window"), ordering="expire_at")
    def window(self, event):
        return window_state(event)

    def quality_warnings(self, event):
        return quality.event_warnings(event)

    def needing_attention(self, queryset):
        return quality.events_needing_attention(queryset)


class PlanItemInline(admin.StackedInline):
    model = PlanItem
    form = PlanItemForm
    extra = 0
    fields = [
        "activity",
        "area",
        ("responsible", "responsible_user"),
        ("due_on", "due_year", "due_quarter"),
        "status",
        "result",
        ("event", "article", "document"),
        "order",
    ]
    autocomplete_fields = ["event", "article"]

    def get_formset(self, request, obj=None, **kwargs):
        """Only the plan's own agreement's documents can be chosen as evidence."""
        formset = super().get_formset(request, obj, **kwargs)
        if "document" in formset.form.base_fields:
            documents = AgreementDocument.objects.filter(
                agreement=obj.agreement_id if obj else None
            )
            formset.form.base_fields["document"].queryset = documents
        return formset

    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


@admin.register(CooperationPlan)
class CooperationPlanAdmin(QualityWarningsMixin, HistoryAdmin):
    change_list_template = "admin/partnerships/cooperationplan/change_list.html"
    change_form_template = "admin/partnerships/cooperationplan/change_form.html"
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

    def get_urls(self):
        return [*DashboardViews(self).urls(), *super().get_urls()]

    def quality_warnings(self, plan):
        return evidence_warnings(plan)

    @admin.display(description=_("progress"), ordering="done_share")
    def progress(self, plan):
        if not plan.pk:
            return _("Counted from the items once the plan is saved.")
        return progress_text(plan)


# The article's admin page shows the agreements and events it covers: news must not import
# partnerships, so these inlines reach the article admin through partnerships/hooks.py.
class ArticleLinkInline(TabularInline):
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
