from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from partnerships.filters import AgreementFilter, EventFilter
from partnerships.history_timeline import history
from partnerships.map import partner_map
from partnerships.models import (
    Agreement,
    AgreementDocument,
    CooperationPlan,
    Event,
    Partner,
    PlanItem,
)
from portal.cache import reads_query
from portal.pagination import LenientPaginationMixin
from portal.private_files import private_file_response
from portal.scheduling import visible_q

REGISTER_PAGE_SIZE = 20
EVENTS_PAGE_SIZE = 20
UPCOMING_LIMIT = 50
PARTNER_PAST_EVENTS = 30
RELATED_NEWS = 6


def may_change(request, model) -> bool:
    """Is the request an admin user's (second factor included) who may change ``model``s?"""
    codename = get_permission_codename("change", model._meta)
    return admin.site.has_permission(request) and request.user.has_perm(
        f"{model._meta.app_label}.{codename}"
    )


class StaffPreviewMixin:
    """The public sees what ``public()`` allows; editors who may change such records also see
    unpublished ones (to check them before publishing), with a banner and headers that keep
    the page out of caches. Other staff see only what the public sees."""

    @cached_property
    def may_preview(self) -> bool:
        return may_change(self.request, self.model)

    def get_queryset(self):
        manager = self.model._default_manager
        return manager.all() if self.may_preview else manager.public()

    def get_context_data(self, **kwargs):
        public = self.model._default_manager.public()
        is_preview = self.may_preview and not public.filter(pk=self.object.pk).exists()
        return super().get_context_data(is_preview=is_preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            add_never_cache_headers(response)
        return response


class BreadcrumbsMixin:
    """``(name, url)`` from the home page to this one, shown and given as JSON-LD."""

    def get_breadcrumbs(self):
        return [
            (_("Home"), reverse("news:home")),
            (_("Partnerships"), reverse("partnerships:register")),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=self.get_breadcrumbs(), **kwargs)


@reads_query("page", *AgreementFilter.base_filters)
class AgreementRegisterView(BreadcrumbsMixin, LenientPaginationMixin, ListView):
    template_name = "partnerships/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = REGISTER_PAGE_SIZE

    def get_queryset(self):
        self.filterset = AgreementFilter(self.request.GET, queryset=Agreement.objects.public())
        return self.filterset.qs.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.filterset.label_with_counts(self.filterset.facet_counts())
        context["filter"] = self.filterset
        context["total"] = context["paginator"].count
        return context


@reads_query()
class AgreementDetailView(BreadcrumbsMixin, StaffPreviewMixin, DetailView):
    model = Agreement
    template_name = "partnerships/agreement_detail.html"
    context_object_name = "agreement"

    def get_queryset(self):
        agreements = super().get_queryset()
        # Staff keep seeing every plan of the agreements they check; the public never a draft.
        if self.request.user.is_staff:
            return agreements.for_detail(CooperationPlan.objects.all(), PlanItem.objects.all())
        return agreements.for_detail()

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (self.object.title, self.object.get_absolute_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_articles"] = self.object.related_articles()[:RELATED_NEWS]
        return context


@reads_query()
class PartnerListView(BreadcrumbsMixin, ListView):
    template_name = "partnerships/partner_list.html"
    context_object_name = "partners"

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Partners"), reverse("partnerships:partner-list"))]

    def get_queryset(self):
        return (
            Partner.objects.public()
            .counterparts()
            .with_emblem()
            .annotate(
                agreement_count=Count(
                    "agreements",
                    filter=Q(visible_q(prefix="agreements__"), agreements__is_published=True),
                    distinct=True,
                )
            )
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["partner_map"] = partner_map(context["partners"], home=home_city())
        return context


@reads_query()
class PartnerDetailView(BreadcrumbsMixin, StaffPreviewMixin, DetailView):
    model = Partner
    template_name = "partnerships/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return super().get_queryset().with_emblem()

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Partners"), reverse("partnerships:partner-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        events = Event.objects.public().involving(partner).for_listing()
        context["agreements"] = Agreement.objects.public().filter(partners=partner).for_listing()
        context["upcoming_events"] = events.upcoming()[:UPCOMING_LIMIT]
        context["past_events"] = events.past()[:PARTNER_PAST_EVENTS]
        context["partner_map"] = partner_map(
            [partner], home=None if partner.is_home else home_city()
        )
        return context


def home_city():
    """Our city, drawn on every partners' map (one query; None if no partner is marked so)."""
    return Partner.objects.filter(is_home=True).first()


@reads_query()
class HistoryView(BreadcrumbsMixin, TemplateView):
    """«История связей»: partnerships.history_timeline, in four queries."""

    template_name = "partnerships/history.html"

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("History of ties"), reverse("partnerships:history")),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=history(), **kwargs)


@reads_query("page", *EventFilter.base_filters)
class EventListView(BreadcrumbsMixin, LenientPaginationMixin, ListView):
    """Upcoming events (soonest first, up to UPCOMING_LIMIT), past events by pages (latest
    first); the same filters apply to both."""

    template_name = "partnerships/event_list.html"
    context_object_name = "past_events"
    paginate_by = EVENTS_PAGE_SIZE

    def get_queryset(self):
        self.filterset = EventFilter(self.request.GET, queryset=Event.objects.public())
        self.today = timezone.localdate()
        return self.filterset.qs.for_listing().past(self.today)

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Events"), reverse("partnerships:event-list"))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["upcoming_events"] = self.filterset.qs.for_listing().upcoming(self.today)[
            :UPCOMING_LIMIT
        ]
        return context


@reads_query()
class EventDetailView(BreadcrumbsMixin, StaffPreviewMixin, DetailView):
    model = Event
    template_name = "partnerships/event_detail.html"
    context_object_name = "event"

    def get_breadcrumbs(self):
        return [
            *super().get_breadcrumbs(),
            (_("Events"), reverse("partnerships:event-list")),
            (self.object.title, self.object.get_absolute_url()),
        ]

    def get_queryset(self):
        return super().get_queryset().for_detail()


@reads_query()
@require_safe
def document_file(request, pk, filename):
    """An agreement's document, while the agreement is public (cacheable then), and to those
    who may change agreements (never cached); a 404 to anyone else, as if it did not exist."""
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    public = Agreement.objects.public().filter(pk=document.agreement_id).exists()
    if filename != document.file.filename or not (public or may_change(request, Agreement)):
        raise Http404
    try:
        return private_file_response(
            request,
            document.file,
            download_name=document.download_name,
            content_type="application/pdf",
            public=public,
        )
    except FileNotFoundError as missing:
        raise Http404 from missing
