"""Grammatical Russian for every admin page: titles, buttons, inline labels, messages, history.

Django's admin puts a model's nominative name into every phrase («Добавить статья»,
«Статья … был успешно добавлен»). ``RussianAdminMixin`` (added to every registered
ModelAdmin by ``portal.admin_site.AdminSite.register``) puts the right case and gender
(``portal.admin_grammar``) into the page context and into the messages Django composes,
through its public hooks. Models without declared names keep Django's wording.
"""

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.db.models import Model, QuerySet
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from reversion.models import Version

from portal.admin_grammar import RussianNames, names_for

PENDING_MESSAGE = "_russian_admin_message"
PREVIOUS_STATE = "_russian_admin_previous"


class RussianInlineAdminFormSet(helpers.InlineAdminFormSet):
    """An inline whose «add another» link (built by Django's JavaScript) names the accusative."""

    def inline_formset_data(self) -> str:
        data = json.loads(super().inline_formset_data())
        names = names_for(self.formset.model)
        if names is not None:
            data["options"]["addText"] = names.add_another_label()
        return json.dumps(data)


NO_CHANGES = "Сохранено без изменений"


def change_summary(labels: list[str]) -> str:
    """«Изменено: текст», «Изменены: текст, анонс», or that nothing changed."""
    if not labels:
        return NO_CHANGES
    verb = "Изменено" if len(labels) == 1 else "Изменены"
    return f"{verb}: {', '.join(labels)}"


def sentence(text: str) -> SafeString:
    return format_html("{}.", text)


# For the type checker the mixin is what it is mixed into: a model admin, perhaps
# django-reversion's (untyped, so its own views are taken on trust).
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from reversion.admin import VersionAdmin

    class _MixedInto(VersionAdmin, admin.ModelAdmin[Any]): ...
else:
    _MixedInto = object


class RussianAdminMixin(_MixedInto):
    def russian_names(self) -> RussianNames | None:
        return names_for(self.model)

    # Titles and buttons.

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        names = self.russian_names()
        if names is not None:
            extra_context = {
                "title": names.plural[:1].upper() + names.plural[1:],
                "add_label": names.add_label(),
                "recover_label": names.recover_deleted_label(),
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        names = self.russian_names()
        if names is not None:
            if object_id is None:
                title = names.add_label()
            elif self.has_change_permission(request, self.get_object(request, unquote(object_id))):
                title = f"Изменить {names.accusative}"
            else:
                title = f"Просмотреть {names.accusative}"
            extra_context = {
                "title": title,
                "add_label": names.add_label(),
                **(extra_context or {}),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        names = self.russian_names()
        if names is not None:
            extra_context = {
                "title": f"Удалить {names.accusative}?",
                "object_name": names.accusative,
                **(extra_context or {}),
            }
        response = super().delete_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if names is not None and context and (context["perms_lacking"] or context["protected"]):
            # Django's Russian for a refused deletion is «Удаление %(object_name)s '…' …».
            context["object_name"] = names.genitive
        return response

    # django-reversion's pages: history, old versions, deleted records.

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        names = self.russian_names()
        obj = self.get_object(request, unquote(object_id)) if names is not None else None
        if names is not None and obj is not None:
            extra_context = {
                "title": f"История изменений {names.genitive} «{obj}»",
                **(extra_context or {}),
            }
        return super().history_view(request, object_id, extra_context)

    def revision_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = self.version_titled(
            version_id, "Вернуть прежнюю версию {genitive} «{name}»", extra_context
        )
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(
        self, request: HttpRequest, version_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = self.version_titled(
            version_id, "Восстановить {accusative} «{name}»", extra_context
        )
        return super().recover_view(request, version_id, context)

    def version_titled(
        self, version_id: str, title: str, extra_context: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """``extra_context`` with ``title`` filled with the names and the version's record."""
        names = self.russian_names()
        version = Version.objects.filter(pk=version_id).first() if names is not None else None
        if names is None or version is None:
            return extra_context
        name = version.object_repr
        filled = title.format(genitive=names.genitive, accusative=names.accusative, name=name)
        return {
            "title": filled,
            "recover_label": names.recover_deleted_label(),
            **(extra_context or {}),
        }

    def recoverlist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        names = self.russian_names()
        if names is not None:
            extra_context = {"title": names.recover_deleted_label(), **(extra_context or {})}
        return super().recoverlist_view(request, extra_context)

    def get_inline_formsets(
        self,
        request: HttpRequest,
        formsets: list[Any],
        inline_instances: list[Any],
        obj: Any = None,
    ) -> list[Any]:
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj
        )
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.__class__ = RussianInlineAdminFormSet
        return inline_admin_formsets

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)
        names = self.russian_names()
        if names is not None and "delete_selected" in actions:
            actions["delete_selected"] = (
                delete_selected,
                "delete_selected",
                names.delete_selected_label(),
            )
        return actions

    # Success messages: composed here, swapped in for Django's when it sends its own.

    def message_user(
        self,
        request: HttpRequest,
        message: "StrOrPromise",
        level: int | str = messages.INFO,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        pending = getattr(request, PENDING_MESSAGE, None)
        # django-solo reports a saved singleton at the INFO level.
        if pending is not None and level in (messages.SUCCESS, messages.INFO):
            message = pending
            setattr(request, PENDING_MESSAGE, None)
        super().message_user(request, message, level, *args, **kwargs)

    def save_form(self, request: HttpRequest, form: Any, change: Any) -> Any:
        if change:
            stored = self.model._base_manager.filter(pk=form.instance.pk).first()
            setattr(request, PREVIOUS_STATE, stored)
        return super().save_form(request, form, change)

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: str | None = None
    ) -> HttpResponse:
        self.pend_message(request, obj, added=True)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        self.pend_message(request, obj, added=False)
        return super().response_change(request, obj)

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: int) -> HttpResponse:
        names = self.russian_names()
        if names is not None:
            message = format_html("{} {}.", naming(names, obj_display), names.agreeing("удалён"))
            setattr(request, PENDING_MESSAGE, message)
        return super().response_delete(request, obj_display, obj_id)

    def pend_message(self, request: HttpRequest, obj: Model, added: bool) -> None:
        names = self.russian_names()
        if names is None or IS_POPUP_VAR in request.POST:
            return
        previous = getattr(request, PREVIOUS_STATE, None)
        message = self.saved_message(names, obj, previous, added)
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            message = format_html("{} Можно продолжить редактирование ниже.", message)
        elif "_addanother" in request.POST:
            message = format_html("{} Ниже можно добавить ещё {}.", message, names.accusative)
        setattr(request, PENDING_MESSAGE, message)

    def saved_message(
        self, names: RussianNames, obj: Model, previous: Model | None, added: bool
    ) -> SafeString:
        """«Статья «…» сохранена — открыть на сайте.»: what happened to ``obj`` (stored as
        ``previous`` before the save), as one sentence."""
        return self.sentence_about(names, obj, names.agreeing("добавлен" if added else "сохранён"))

    def sentence_about(self, names: RussianNames, obj: object, what: str) -> SafeString:
        text = format_html("{} {}", naming(names, obj), what)
        url = public_url(obj)
        if url:
            text = format_html('{} — <a href="{}">открыть на сайте</a>', text, url)
        return sentence(text)

    # History: what changed, in plain words, in the log and in the revision's comment.

    # The Russian summary is a string, which Django's log and django-reversion keep as it is.
    def construct_change_message(  # type: ignore[override]
        self,
        request: HttpRequest,
        form: forms.Form,
        formsets: Iterable[BaseModelFormSet[Any, Any]],
        add: bool = False,
    ) -> list[dict[str, dict[str, list[str]]]] | str:
        if add or self.russian_names() is None:
            return super().construct_change_message(request, form, formsets, add)
        model_fields = {field.name: field for field in self.model._meta.get_fields()}
        labels = [
            str(model_fields[name].verbose_name)
            for name in form.changed_data
            if name in model_fields and hasattr(model_fields[name], "verbose_name")
        ]
        for formset in formsets:
            if formset.new_objects or formset.changed_objects or formset.deleted_objects:
                labels.append(str(formset.model._meta.verbose_name_plural))
        return change_summary(labels)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> LogEntry:
        """Keep the comment an editorial service wrote («Опубликовано») before the summary."""
        service_comment = reversion.get_comment() if reversion.is_active() else ""
        entry = super().log_change(request, obj, message)
        if service_comment and reversion.is_active():
            summary = entry.get_change_message()
            if summary and summary != NO_CHANGES:
                service_comment = f"{service_comment}. {summary}"
            reversion.set_comment(service_comment)
        return entry


def naming(names: RussianNames, obj: object) -> SafeString:
    """«Статья «Ремонт дворов»»; a singleton named as its model is just «Настройки сайта»."""
    if str(obj).casefold() == names.nominative.casefold():
        return format_html("{}", names.title())
    return format_html("{} «{}»", names.title(), obj)


def public_url(obj: object) -> str:
    """The address of ``obj`` on the public site, if it is shown there."""
    get_absolute_url = getattr(obj, "get_absolute_url", None)
    if get_absolute_url is None:
        return ""
    if not getattr(obj, "is_public", getattr(obj, "is_published", True)):
        return ""
    return get_absolute_url()


def delete_selected(
    modeladmin: RussianAdminMixin, request: HttpRequest, queryset: QuerySet[Any]
) -> HttpResponse | None:
    """Django's bulk delete, asking about «выбранных партнёров», reporting «Удалено тегов: 3.»."""
    names = modeladmin.russian_names()
    if request.POST.get("post") and names is not None:
        setattr(request, PENDING_MESSAGE, f"Удалено {names.genitive_plural}: {queryset.count()}.")
    response = admin_actions.delete_selected(modeladmin, request, queryset)
    context = getattr(response, "context_data", None)
    if names is not None and context:
        if context["perms_lacking"] or context["protected"]:
            # Django's Russian: «Удаление %(objects_name)s потребует удаления …».
            context["objects_name"] = names.selected_genitive()
        else:
            # Django's Russian question is «Вы уверены, что хотите удалить %(objects_name)s?».
            context["objects_name"] = names.selected_accusative()
    return response
