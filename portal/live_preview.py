"""The live preview beside an admin form: the record as the form now says, in the public design,
rendered without saving it.

The form's own script (``static/portal/live_preview.js``) posts the form, a moment after the
editor stops typing, to ``<change url>/live-preview/`` (``…/add/`` forms to ``live-preview/``)
with the preview frame as its target. The answer is a public page that only this site may frame
(``X-Frame-Options: SAMEORIGIN``, ``frame-ancestors 'self'``), never cached, never indexed.

A model admin mixes in ``LivePreviewAdminMixin`` and says how to render a bound form in
``render_live_preview``; what the form cannot clean yet (a title still empty, a date half
typed) is the model admin's to fill in for the preview.
"""

from typing import Any

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

FRAMED_BY_THIS_SITE_ONLY = {"frame-ancestors": [SELF]}


class LivePreviewAdminMixin:
    """Adds the live preview's address to a model admin (``live-preview`` URLs) and its form
    page (``live_preview_url`` and the frame's accessible name ``live_preview_title`` in the
    change form's context)."""

    live_preview_title = _("The record in the site's design, as the form now says")

    def render_live_preview(
        self, request: HttpRequest, form: ModelForm, obj: Any | None
    ) -> HttpResponse:
        raise NotImplementedError

    def get_urls(self) -> list[Any]:
        opts = self.model._meta  # type: ignore[attr-defined]
        name = f"{opts.app_label}_{opts.model_name}_live_preview"
        view = self.admin_site.admin_view(self.live_preview_view)  # type: ignore[attr-defined]
        return [
            path("live-preview/", view, name=name),
            path("<path:object_id>/live-preview/", view, name=name),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def live_preview_url(self, obj: Any | None) -> str:
        opts = self.model._meta  # type: ignore[attr-defined]
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_live_preview"  # type: ignore[attr-defined]
        if obj is None or obj.pk is None:
            return reverse(name)
        return reverse(name, kwargs={"object_id": obj.pk})

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any | None = None,
    ) -> HttpResponse:
        context["live_preview_url"] = self.live_preview_url(obj)
        context["live_preview_title"] = self.live_preview_title
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_replace(FRAMED_BY_THIS_SITE_ONLY))
    def live_preview_view(
        self, request: HttpRequest, object_id: str | None = None
    ) -> HttpResponse:
        """Whoever may change the record (or add one, on the add form) sees it as the posted
        form says; nothing is saved, whether the form is valid or not."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
            if obj is None:
                raise Http404("No such record")
            if not self.has_change_permission(request, obj):  # type: ignore[attr-defined]
                raise PermissionDenied
        elif not self.has_add_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=obj is not None)  # type: ignore[attr-defined]
        form = form_class(request.POST, instance=obj)
        form.is_valid()  # fills form.instance with every field that could be cleaned
        response = self.render_live_preview(request, form, obj)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response  # never cached: admin_view
