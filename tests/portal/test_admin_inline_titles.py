"""Every row of every inline in the admin is titled in words, never «Model object (1)»."""

import pytest
from django.contrib import admin
from django.forms.models import _get_foreign_key
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROWS_PER_INLINE = 2


def objects_with_inline_rows(request):
    """(model admin, object) for objects of each admin that have rows in one of its inlines."""
    for model, model_admin in admin.site._registry.items():
        for inline in model_admin.get_inline_instances(request):
            parent = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
            pks = (
                inline.model.objects.values_list(parent.name, flat=True)
                .order_by(parent.name)
                .distinct()[:ROWS_PER_INLINE]
            )
            for obj in model.objects.filter(pk__in=list(pks)):
                yield model_admin, inline, obj


def test_no_inline_row_of_the_demo_is_titled_object(demo_content, rf, editor_client, editor):
    request = rf.get("/admin/")
    request.user = editor
    seen, titled_object = set(), set()
    for model_admin, inline, obj in objects_with_inline_rows(request):
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        seen.add(type(inline).__name__)
        page = editor_client.get(url)
        assert page.status_code == 200, url
        if "object (" in page.content.decode():
            titled_object.add(url)
    assert sorted(titled_object) == []
    # The demo gives rows to the inlines of the article, the agreement, the event and the plan.
    assert {
        "AgreementArticleInline",
        "EventArticleInline",
        "SignatoryInline",
        "DocumentInline",
        "PlanInline",
        "PlanItemInline",
    } <= seen
