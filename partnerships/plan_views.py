"""A cooperation plan's public page: progress by area as an SVG chart and a table, and the
items with their results and the public event, news or document that fulfilled each."""

from django.utils.translation import gettext as _
from django.views.generic import DetailView

from partnerships import charts, plan_progress
from partnerships.models import CooperationPlan, PlanItem
from partnerships.views import BreadcrumbsMixin, StaffPreviewMixin
from portal.cache import reads_query


def area_chart(plan, summary) -> charts.BarChart:
    rows = [
        (
            tally.label,
            tally.done / tally.counted,
            _("%(percent)s%% (%(done)s of %(total)s)")
            % {"percent": tally.percent or 0, "done": tally.done, "total": tally.counted},
        )
        for tally in summary.by_area
        if tally.counted
    ]
    description = "; ".join(f"{label}: {text}" for label, _share, text in rows)
    return charts.share_bars(
        f"plan-{plan.pk}-chart",
        _("Progress of «%(title)s» by area of cooperation") % {"title": plan.title},
        description or _("No activities yet."),
        rows,
    )


class PublicEvidence:
    """What fulfilled an item, as far as the public may follow it: a published event or
    article, a document of a published agreement."""

    def __init__(self, item):
        self.event = item.event if item.event and item.event.is_public else None
        self.article = item.article if item.article and item.article.is_public else None
        document = item.document
        agreement_public = item.plan.agreement.is_published
        self.document = document if document and agreement_public else None

    def __bool__(self):
        return bool(self.event or self.article or self.document)


@reads_query()
class PlanDetailView(BreadcrumbsMixin, StaffPreviewMixin, DetailView):
    model = CooperationPlan
    template_name = "partnerships/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        plans = super().get_queryset().with_progress().select_related("agreement")
        return plans.filter(agreement__slug=self.kwargs["slug"])

    def get_breadcrumbs(self):
        agreement = self.object.agreement
        return [
            *super().get_breadcrumbs(),
            (agreement.title, agreement.get_absolute_url()),
            (self.object.title, self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        items = PlanItem.objects.filter(plan=plan).select_related(
            "area", "plan__agreement", "event__agreement", "article", "document"
        )
        items = list(items.prefetch_related("plan__agreement__partners"))
        summary = plan_progress.summarise(items)
        context["items"] = [(item, PublicEvidence(item)) for item in items]
        context["summary"] = summary
        context["chart"] = area_chart(plan, summary)
        context["related_articles"] = plan.articles.published()[:6]
        return context
