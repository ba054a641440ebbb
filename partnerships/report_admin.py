"""«Годовой отчёт» in the admin: choose a year, see the numbers, download the XLSX or DOCX.

The page hangs under the agreements' admin (``AgreementAdmin.get_urls``) and is open to the
staff who see the register (``partnerships.view_agreement``: the partnerships officer and the
chief editor, who signs what the office sends).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from partnerships.exports import XLSX_TYPE
from partnerships.report_files import DOCX_TYPE, document, report_tables, report_title, workbook
from partnerships.yearly_report import FIRST_YEAR, default_year, last_year_allowed, yearly_report

PERMISSION = "partnerships.view_agreement"


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        help_text=_("The report covers 1 January to 31 December of this year."),
    )

    def __init__(self, data=None):
        super().__init__(data)
        field = self.fields["year"]
        field.max_value = last_year_allowed()
        field.widget.attrs.update(min=FIRST_YEAR, max=field.max_value)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > self.fields["year"].max_value:
            raise forms.ValidationError(
                _("The report can be made for %(year)s at the latest."),
                params={"year": self.fields["year"].max_value},
            )
        return year


def may_see(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.has_perm(PERMISSION)


def _year_form(request):
    data = request.GET if "year" in request.GET else {"year": default_year()}
    return YearForm(data)


def report_page(model_admin, request, file_format=None):
    if not may_see(request):
        raise PermissionDenied
    form = _year_form(request)
    if form.is_valid() and file_format is not None:
        return _download(form.cleaned_data["year"], file_format)
    report = yearly_report(form.cleaned_data["year"]) if form.is_valid() else None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": report_title(report) if report else gettext("Yearly report"),
        "form": form,
        "report": report,
        "tables": report_tables(report) if report else [],
    }
    status = 200 if form.is_valid() else 400
    return TemplateResponse(
        request, "admin/partnerships/yearly_report.html", context, status=status
    )


def _download(year, file_format):
    report = yearly_report(year)
    content, content_type = (
        (workbook(report), XLSX_TYPE) if file_format == "xlsx" else (document(report), DOCX_TYPE)
    )
    response = HttpResponse(content, content_type=content_type)
    filename = f"yearly-report-{year}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_urls(model_admin):
    """The report's pages, for ``AgreementAdmin.get_urls``."""
    site = model_admin.admin_site

    def view(file_format=None):
        def answer(request):
            return report_page(model_admin, request, file_format)

        return site.admin_view(never_cache(answer))

    return [
        path("yearly-report/", view(), name="partnerships_yearly_report"),
        path("yearly-report/xlsx/", view("xlsx"), name="partnerships_yearly_report_xlsx"),
        path("yearly-report/docx/", view("docx"), name="partnerships_yearly_report_docx"),
    ]


def admin_index_link(request):
    """A link to the report on the admin's front page, for those who may open it."""
    if not may_see(request):
        return None
    return "partnerships/includes/admin_yearly_report.html", {
        "url": reverse("admin:partnerships_yearly_report")
    }
