"""The redirects' admin: the list (search, filters), the form, and the CSV upload page."""

from typing import Any
from urllib.parse import unquote

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.models import Redirect
from portal.redirects.addresses import clean_new_path, clean_old_path
from portal.redirects.csv_import import MAX_BYTES, import_redirects
from portal.redirects.services import check_no_loop, save_redirect


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]
        widgets = {
            "old_path": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "new_path": forms.TextInput(attrs={"class": "vLargeTextField"}),
        }

    def clean_old_path(self) -> str:
        return clean_old_path(self.cleaned_data["old_path"])

    def clean_new_path(self) -> str:
        return clean_new_path(self.cleaned_data["new_path"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        old_path, new_path = cleaned.get("old_path"), cleaned.get("new_path")
        if old_path and new_path:
            try:
                check_no_loop(old_path, new_path)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns: the old address and the new one, e.g. "
            "«/old/news.php?id=5,/news/new-address/». A header line is allowed."
        ),
    )


class TargetFilter(admin.SimpleListFilter):
    title = _("leads to")
    parameter_name = "leads"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("site", _("this site")), ("elsewhere", _("another site"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Redirect]) -> QuerySet[Redirect]:
        if self.value() == "site":
            return queryset.filter(new_path__startswith="/")
        if self.value() == "elsewhere":
            return queryset.filter(new_path__startswith="https://")
        return queryset


HISTORY_FIELDS = ("source", "created_at", "created_by", "updated_at", "updated_by")


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses of the site and where they lead; the chief editor's (``portal.*_redirect``)."""

    form = RedirectForm
    list_display = ["old_path", "new_path", "source", "created_at", "created_by"]
    list_filter = ["source", TargetFilter, "created_at"]
    list_select_related = ["created_by"]
    search_fields = ["old_path", "new_path"]
    search_help_text = _("Part of the old or the new address.")
    readonly_fields = HISTORY_FIELDS
    fieldsets = [
        (None, {"fields": ["old_path", "new_path"]}),
        (_("History"), {"fields": HISTORY_FIELDS, "classes": ["collapse"]}),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Redirect], search_term: str
    ) -> tuple[QuerySet[Redirect], bool]:
        # Addresses are stored decoded: «%D0%BD…» copied from a browser finds «н…».
        return super().get_search_results(request, queryset, unquote(search_term))

    def save_model(self, request: HttpRequest, obj: Redirect, form: Any, change: bool) -> None:
        if not change:
            obj.source = Redirect.Source.EDITOR
        save_redirect(obj, by=request.user)

    def get_urls(self) -> list[URLPattern]:
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="portal_redirect_import",
        )
        return [upload, *super().get_urls()]

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            "can_import": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_redirects(upload.read(MAX_BYTES + 1), by=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                if not result.errors:
                    self.message_user(request, saved_message(result.added, result.replaced))
                    return HttpResponseRedirect(reverse("admin:portal_redirect_changelist"))
                errors = result.errors
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Upload redirects from a CSV file"),
            "form": form,
            "errors": errors,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        }
        return TemplateResponse(request, "admin/portal/redirect/import.html", context)


def saved_message(added: int, replaced: int) -> str:
    text = ngettext(
        "%(count)s redirect added from the file.",
        "%(count)s redirects added from the file.",
        added,
    ) % {"count": added}
    if replaced:
        text += " " + ngettext(
            "%(count)s redirect replaced.", "%(count)s redirects replaced.", replaced
        ) % {"count": replaced}
    return text
