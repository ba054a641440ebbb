"""The plan items' admin form (evidence before «done») and the plans' dashboards: across
plans at ``/admin/partnerships/cooperationplan/dashboard/`` and per plan at
``…/cooperationplan/<id>/dashboard/`` (added by ``CooperationPlanAdmin.get_urls``)."""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships import plan_progress
from partnerships.models import PlanItem


class PlanItemForm(forms.ModelForm):
    """Refuses «done» without evidence when an editor marks an item done or takes its
    evidence away; an item done before evidence was required saves as it is (the plan's
    page warns about it)."""

    class Meta:
        model = PlanItem
        fields = [
            "activity",
            "area",
            "responsible",
            "responsible_user",
            "due_on",
            "due_year",
            "due_quarter",
            "status",
            "result",
            "event",
            "article",
            "document",
            "order",
        ]

    def clean(self):
        cleaned = super().clean()
        touched = {"status", *plan_progress.EVIDENCE_FIELDS}
        if self.instance.pk is None or touched & set(self.changed_data):
            try:
                plan_progress.check_done(self.instance_with(cleaned))
            except forms.ValidationError as refusal:
                self.add_error("status", refusal)
        return cleaned

    def instance_with(self, cleaned):
        item = PlanItem(status=cleaned.get("status"))
        for name in plan_progress.EVIDENCE_FIELDS:
            setattr(item, name, cleaned.get(name))
        return item


def evidence_warnings(plan) -> list[str]:
    """Warnings above a plan's change form: items done without evidence."""
    missing = plan_progress.done_without_evidence(plan.items.all())
    if not missing:
        return []
    return [
        ngettext(
            "%(count)d item is marked done without evidence (an event, news article or "
            "document): %(items)s. Add what fulfilled it.",
            "%(count)d items are marked done without evidence (an event, news article or "
            "document): %(items)s. Add what fulfilled them.",
            len(missing),
        )
        % {"count": len(missing), "items": "; ".join(f"«{item.activity}»" for item in missing)}
    ]


class DashboardViews:
    """The two dashboards of ``CooperationPlanAdmin`` (``model_admin``)."""

    template_name = "admin/partnerships/cooperationplan/dashboard.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self):
        admin_view = self.model_admin.admin_site.admin_view
        return [
            path(
                "dashboard/",
                admin_view(self.across_plans),
                name="partnerships_cooperationplan_dashboard",
            ),
            path(
                "<path:object_id>/dashboard/",
                admin_view(self.of_plan),
                name="partnerships_cooperationplan_plan_dashboard",
            ),
        ]

    def across_plans(self, request):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        plans = list(self.model_admin.get_queryset(request).select_related("agreement"))
        items = plan_progress.items_for_summary(PlanItem.objects.filter(plan__in=plans))
        return self.render(request, _("Fulfilment of the cooperation plans"), plans, items)

    def of_plan(self, request, object_id):
        plan = self.model_admin.get_object(request, unquote(object_id))
        if plan is None:
            raise Http404
        if not self.model_admin.has_view_permission(request, plan):
            raise PermissionDenied
        items = plan_progress.items_for_summary(plan.items.all())
        title = _("Fulfilment of «%(title)s»") % {"title": plan.title}
        return self.render(request, title, [plan], items, plan=plan)

    def render(self, request, title, plans, items, plan=None):
        today = timezone.localdate()
        items = list(items)
        summary = plan_progress.summarise(items, today)
        per_plan = {each.pk: plan_progress.Tally(each.title) for each in plans}
        for item in items:
            per_plan[item.plan_id].add(item, today)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.model_admin.opts,
            "title": title,
            "plan": plan,
            "summary": summary,
            "plans": [(each, per_plan[each.pk]) for each in plans],
            "today": today,
        }
        return TemplateResponse(request, self.template_name, context)
