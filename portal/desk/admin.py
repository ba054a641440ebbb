"""Autosave and «who is editing» on a model admin's change form (``DeskAdminMixin``).

The form's page carries the block ``admin/includes/desk.html`` (the offer to restore a
draft, who else is editing, the autosave's state) and ``static/portal/desk.js``, which posts
the form to ``…/autosave/`` after a few seconds without typing and beats ``…/presence/``.
The endpoints answer JSON: 403 to a session that has ended or an editor who may not change
the record, 400 to anything that is not a form, and never write a revision.
"""

import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portal.desk import drafts, presence

if TYPE_CHECKING:
    from django.contrib import admin

    _MixedInto = admin.ModelAdmin
else:
    _MixedInto = object

DeskView = Callable[..., HttpResponse]
logger = logging.getLogger(__name__)


def millis(moment: Any) -> int | None:
    return int(moment.timestamp() * 1000) if moment is not None else None


def editing_text(names: list[str]) -> str:
    if not names:
        return ""
    return ngettext("Now editing: %(names)s", "Now editing: %(names)s", len(names)) % {
        "names": ", ".join(names)
    }


class DeskAdminMixin(_MixedInto):
    """Autosaved private drafts and presence for the change forms of a model admin."""

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=["portal/desk.js"], css={"all": ["portal/desk.css"]})

    def get_urls(self) -> list[URLPattern]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.desk_view
        return [
            path("add/autosave/", view(self.autosave_view), name=f"{info}_autosave_new"),
            path("add/autosave/discard/", view(self.discard_view), name=f"{info}_discard_new"),
            path("<path:object_id>/autosave/", view(self.autosave_view), name=f"{info}_autosave"),
            path(
                "<path:object_id>/autosave/discard/",
                view(self.discard_view),
                name=f"{info}_discard",
            ),
            path("<path:object_id>/presence/", view(self.presence_view), name=f"{info}_presence"),
            *super().get_urls(),
        ]

    def desk_view(self, view: DeskView) -> DeskView:
        """An endpoint for the script: POST only, JSON refusals (a login page would be read
        as an answer), no caching."""

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not self.admin_site.has_permission(request):
                return refusal(gettext("Your session has ended: log in again."), 403)
            if request.method != "POST":
                return refusal(gettext("Only POST is accepted here."), 405)
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                return refusal(gettext("You may not change this record."), 403)
            except Http404:
                return refusal(gettext("There is no such record."), 404)

        return csrf_protect(never_cache(wrapper))

    def desk_target(self, request: HttpRequest, object_id: str | None) -> Any:
        """The record the endpoint is about (``None`` for the add form), if the editor may
        change it (add one)."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def autosave_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        obj = self.desk_target(request, object_id)
        try:
            submitted = drafts.parse(request.body)
        except drafts.BadDraft as error:
            return refusal(str(error), 400)
        draft = drafts.save(request.user, self.model, self.draft_id(obj), submitted)
        return JsonResponse(
            {
                "saved_at": millis(draft.updated_at),
                "status": gettext("Draft saved at %(time)s.")
                % {"time": drafts.shown_time(draft.updated_at)},
            }
        )

    def discard_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        obj = self.desk_target(request, object_id)
        deleted = drafts.discard(request.user, self.model, self.draft_id(obj))
        return JsonResponse({"discarded": deleted, "status": gettext("The draft is deleted.")})

    def presence_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.desk_target(request, object_id)
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return refusal(gettext("The request is not JSON."), 400)
        opened = data.get("version") if isinstance(data, dict) else None
        leaving = data.get("leaving", False) if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or not isinstance(leaving, bool)
            or (opened is not None and (isinstance(opened, bool) or not isinstance(opened, int)))
        ):
            return refusal(gettext("The request should give the version the form opened at."), 400)
        if leaving:
            presence.leave(obj, request.user)
            return JsonResponse({"editing": ""})
        answer: dict[str, Any] = {
            "editing": editing_text(presence.beat(obj, request.user)),
            "version": getattr(obj, "version", None),
        }
        if opened is not None and answer["version"] not in (None, opened):
            answer["notice"] = self.saved_meanwhile(obj)
        return JsonResponse(answer)

    @staticmethod
    def draft_id(obj: models.Model | None) -> str | None:
        return None if obj is None else str(obj.pk)

    def saved_meanwhile(self, obj: Any) -> str:
        user = getattr(obj, "updated_by", None)
        when = getattr(obj, "updated_at", None)
        return gettext(
            "This record was saved after you opened it (%(name)s, %(time)s). Reload the page "
            "to see the changes: what you typed stays in your draft."
        ) % {
            "name": presence.short_name(user) if user else gettext("another editor"),
            "time": drafts.shown_time(when) if when else "—",
        }

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        context["desk"] = self.desk_context(request, context, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_context(
        self, request: HttpRequest, context: dict[str, Any], obj: Any
    ) -> dict[str, Any] | None:
        """What the desk block and script need, or None where they have nothing to do: a
        form the editor may not save, a popup, an old revision being restored."""
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        url_name = getattr(request.resolver_match, "url_name", "")
        if url_name not in {f"{info}_add", f"{info}_change"} or IS_POPUP_VAR in request.GET:
            return None
        if obj is None and not self.has_add_permission(request):
            return None
        if obj is not None and not self.has_change_permission(request, obj):
            return None
        object_id = self.draft_id(obj)
        user = request.user
        form = context["adminform"].form
        if obj is None:
            urls = {
                "autosave": reverse(f"admin:{info}_autosave_new"),
                "discard": reverse(f"admin:{info}_discard_new"),
            }
        else:
            urls = {
                name: reverse(f"admin:{info}_{name}", args=[obj.pk])
                for name in ("autosave", "discard", "presence")
            }
        return {
            "key": f"{self.opts.label_lower}:{object_id or 'new'}:{user.pk}",
            "urls": urls,
            "now": millis(timezone.now()),
            "saved_by_me": millis(self.saved_by_me_at(request, obj)),
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "beat_seconds": settings.DESK_HEARTBEAT_SECONDS,
            "editing": editing_text(presence.beat(obj, user)) if obj is not None else "",
            "offer": None if form.is_bound else self.draft_offer(request, form, obj),
        }

    def saved_by_me_at(self, request: HttpRequest, obj: Any) -> Any:
        """When this editor last saved the record (created one, on the add form): a copy the
        browser kept from before then is out of date."""
        if obj is not None:
            if getattr(obj, "updated_by_id", None) == request.user.pk:
                return getattr(obj, "updated_at", None)
            return None
        names = {f.name for f in self.opts.get_fields()}
        if not {"created_by", "created_at"} <= names:
            return None
        return self.model._base_manager.filter(created_by=request.user).aggregate(
            latest=Max("created_at")
        )["latest"]

    def draft_offer(
        self, request: HttpRequest, form: forms.BaseForm, obj: Any
    ) -> dict[str, Any] | None:
        """The editor's draft of this form, with what it changes, unless it changes nothing
        or the editor saved the record after it."""
        draft = drafts.find(request.user, self.model, self.draft_id(obj))
        if draft is None:
            return None
        updated_at = getattr(obj, "updated_at", None)
        if (
            updated_at is not None
            and draft.updated_at <= updated_at
            and getattr(obj, "updated_by_id", None) == request.user.pk
        ):
            return None
        try:
            changes = drafts.changes(form, draft)
        except (ValueError, TypeError, KeyError, ValidationError):
            # A draft the form cannot read (its fields changed since) must not keep the
            # editor from the record: it is left to be purged.
            logger.warning("Unreadable draft %s", draft.pk, exc_info=True)
            return None
        if not changes:
            return None
        return {
            "title": gettext("Restore unsaved changes from %(time)s")
            % {"time": drafts.shown_time(draft.updated_at)},
            "changes": changes,
            "saved_at": millis(draft.updated_at),
            "draft": {"fields": draft.fields, "names": draft.names, "labels": draft.labels},
        }

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        drafts.discard(request.user, self.model, None)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        drafts.discard(request.user, self.model, str(obj.pk))
        return super().response_change(request, obj)


def refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)
