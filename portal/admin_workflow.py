"""The admin of reviewed content (articles, pages): the review buttons, the form that knows
who is editing, the list actions and what the form says after a save.

Who may do what is decided by the model's ``portal.workflow.Workflow`` (and enforced there
and in the form); these classes only show each editor what they may do. A model admin mixes
in ``ReviewAdminMixin`` (with ``workflow`` set) and ``PublicationMessages``; its form mixes in
``ReviewFormMixin`` (with ``workflow`` and the refusals in the model's words set) and says how
to build the record as submitted, for the content checks (``submitted_record``).
"""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from portal.admin_grammar import RussianNames
from portal.admin_russian import RussianAdminMixin
from portal.content_checks import Report
from portal.models import EditConflict
from portal.workflow import ContentNotReady, Record, Text, User, Workflow

# For the type checker the admin mixin is what it is mixed into: a model admin.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


class ReviewAction(models.TextChoices):
    """The buttons of a reviewed record's form that move it through review."""

    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve and publish")
    SEND_BACK = "send_back", _("Send back to the author")


def local_datetime(value: Any) -> str:
    return formats.localize(timezone.localtime(value))


class ReviewFormMixin(forms.ModelForm):
    """A form that knows who is editing: whoever may not publish can only keep the record a
    draft or submit it for review, and cannot change a published one. Errors of the content
    checks refuse a save that publishes or submits it; warnings never do."""

    workflow: Workflow
    # In the model's words, set by each form.
    only_the_chief_editor_publishes: Text = ""
    author_status_help: Text = ""
    locked_for_authors: Text = ""
    review_comment_help: Text = ""

    # Set by ReviewAdminMixin.get_form on the form class it builds for each request.
    editor: User | None = None

    review_action = forms.ChoiceField(choices=ReviewAction.choices, required=False)
    review_comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_comment"].help_text = self.review_comment_help
        status = cast(forms.ChoiceField | None, self.fields.get("status"))
        if status is not None and not self.editor_can_publish:
            allowed = self.workflow.author_statuses
            choices = cast(Iterable[tuple[Any, Any]], status.choices)
            status.choices = [(v, label) for v, label in choices if v in allowed]
            status.error_messages["invalid_choice"] = self.only_the_chief_editor_publishes
            status.help_text = self.author_status_help

    @property
    def editor_can_publish(self) -> bool:
        return self.editor is None or self.workflow.can_publish(self.editor)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or self.cleaned_data
        action = cleaned_data.get("review_action")
        if action in (ReviewAction.APPROVE, ReviewAction.SEND_BACK) and not (
            self.editor_can_publish
        ):
            raise ValidationError(self.only_the_chief_editor_publishes)
        if action == ReviewAction.SEND_BACK and not cleaned_data.get("review_comment", "").strip():
            self.add_error("review_comment", _("Say what the author should change."))
        if not self.editor_can_publish:
            allowed = self.workflow.author_statuses
            if not self.instance._state.adding and self.instance.status not in allowed:
                raise ValidationError(self.locked_for_authors)
            if "status" in cleaned_data and cleaned_data["status"] not in allowed:
                self.add_error("status", self.only_the_chief_editor_publishes)
        self.check_content(cleaned_data)
        return cleaned_data

    def target_status(self, cleaned_data: dict[str, Any]) -> str:
        """The status the record will have once this form is saved."""
        Status = self.workflow.model.Status
        action = cleaned_data.get("review_action")
        if action == ReviewAction.APPROVE:
            return Status.PUBLISHED
        if action == ReviewAction.SUBMIT:
            return Status.REVIEW
        if action == ReviewAction.SEND_BACK:
            return Status.DRAFT
        return cleaned_data.get("status", self.instance.status)

    def submitted_record(self, cleaned_data: dict[str, Any]) -> Record:
        """An unsaved record with the texts as submitted, for the content checks."""
        raise NotImplementedError

    def content_report(self) -> Report:
        """The content checks of the texts as submitted (after typography, if any)."""
        return self.workflow.check(self.submitted_record(getattr(self, "cleaned_data", {})))

    def check_content(self, cleaned_data: dict[str, Any]) -> None:
        previous = None if self.instance._state.adding else self.instance.status
        target = self.target_status(cleaned_data)
        if self.errors or not self.workflow.needs_checks(target, previous):
            return
        record = self.submitted_record(cleaned_data)
        report = self.workflow.check(record)
        if not report.ok:
            Status = self.workflow.model.Status
            error = self.workflow.not_ready(record, report, submitting=target == Status.REVIEW)
            raise ValidationError(error.messages, code="content_not_ready")


class ReviewAdminMixin(_AdminBase):
    """The review in a model admin: who sees which records, the buttons under the form, the
    chief editor's comments, and list actions that go through the workflow."""

    workflow: Workflow
    # Whether an author's autocomplete (e.g. a parent page) offers their own records only.
    own_records_in_autocomplete = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        autocomplete = getattr(request.resolver_match, "url_name", "") == "autocomplete"
        if autocomplete and not self.own_records_in_autocomplete:
            return queryset
        if self.workflow.works_on_own_only(request.user):
            queryset = queryset.filter(created_by=request.user)
        return queryset

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self.workflow.can_publish(request.user)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.editor = request.user  # type: ignore[attr-defined]  # ReviewFormMixin.editor
        return form

    def review_fields(self, request: HttpRequest, obj: Record) -> list[str]:
        """The fields of the «Review» fieldset: the comments, and the chief editor's box."""
        fields = ["review_notes"]
        if self.workflow.can_publish(request.user) and self.has_change_permission(request, obj):
            fields.append("review_comment")
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        action, user, workflow = (
            form.cleaned_data.get("review_action"),
            request.user,
            self.workflow,
        )
        if action == ReviewAction.SUBMIT:
            workflow.submit_for_review(obj, by=user)
        elif action == ReviewAction.APPROVE:
            workflow.publish(obj, by=user)
        elif action == ReviewAction.SEND_BACK:
            workflow.send_back(obj, by=user, note=form.cleaned_data["review_comment"])
        else:
            self.save_edit(request, obj)

    def save_edit(self, request: HttpRequest, obj: Record) -> None:
        """A save with no review button: an edit (the model's own service may add to it)."""
        self.workflow.save(obj, by=request.user)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        context["review_actions"] = self.review_actions(request, obj)
        form = context["adminform"].form
        if form.is_bound:
            context["content_report"] = form.content_report()
        elif obj is not None:
            context["content_report"] = self.workflow.check(obj)
        context["sent_back_with"] = self.workflow.last_sent_back(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_actions(self, request: HttpRequest, obj: Record | None) -> list[tuple[str, str]]:
        """The review buttons this editor gets under the form: ``[(value, label)]``."""
        if obj is None:
            if not self.has_add_permission(request):
                return []
        elif not self.has_change_permission(request, obj):
            return []
        Status = self.workflow.model.Status
        status = obj.status if obj is not None else Status.DRAFT
        actions = []
        if status == Status.DRAFT:
            actions.append(ReviewAction.SUBMIT)
        if status == Status.REVIEW and self.workflow.can_publish(request.user):
            actions += [ReviewAction.APPROVE, ReviewAction.SEND_BACK]
        return [(action.value, str(action.label)) for action in actions]

    @admin.display(description=_("comments of the chief editor"))
    def review_notes(self, obj: Record) -> Text:
        notes = list(self.workflow.review_notes(obj)) if obj.pk else []
        if not notes:
            return _("No comments yet.")
        return format_html_join(
            "",
            "<p><strong>{}</strong>, {}:<br>{}</p>",
            (
                (note.actor_name or "—", local_datetime(note.created_at), note.note)
                for note in notes
            ),
        )

    def skipped_message(self, count: int) -> str:
        """«%d … left as it was: you cannot change it…», in the model's words."""
        raise NotImplementedError

    def run_service(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        service: Callable[..., Any],
        done_message: Callable[[int], str],
    ) -> None:
        """``service(record, by=user)`` on each selected record, then one message of each
        kind: done, left as it was (no right, or a newer version), refused by the checks."""
        done = skipped = 0
        for record in queryset:
            try:
                service(record, by=request.user)
            except (PermissionDenied, EditConflict):
                skipped += 1
            except ContentNotReady as refusal:
                self.message_user(
                    request, f"«{record}»: {' '.join(refusal.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % done, messages.SUCCESS)
        if skipped:
            self.message_user(request, self.skipped_message(skipped) % skipped, messages.WARNING)


def scheduled_for(record: Record) -> str:
    """«12 декабря, 10:00», in the city's time zone."""
    return format_date(timezone.localtime(record.publish_at), "j E, H:i")


class PublicationMessages(RussianAdminMixin):
    """What the form says after a save: published, scheduled, submitted or sent back, in the
    gender of the model's name («Статья … опубликована», «Страница … отправлена…»)."""

    def saved_message(
        self, names: RussianNames, obj: Model, previous: Model | None, added: bool
    ) -> SafeString:
        record, before = cast(Any, obj), cast(Any, previous)
        was = before.status if before is not None else None
        was_public = before is not None and before.is_public
        Status = record.Status
        if record.is_public and not was_public:
            return self.sentence_about(names, obj, names.agreeing("опубликован"))
        if record.expired_on_schedule:
            return self.sentence_about(
                names, obj, names.agreeing("снят") + " с публикации по сроку"
            )
        if record.status == Status.PUBLISHED and not record.is_public:
            what = f"{names.agreeing('запланирован')} на {scheduled_for(record)}"
            return self.sentence_about(names, obj, what)
        if record.status == Status.REVIEW and was != Status.REVIEW:
            return self.sentence_about(
                names, obj, names.agreeing("отправлен") + " на согласование"
            )
        if record.status == Status.DRAFT and was == Status.REVIEW:
            return self.sentence_about(names, obj, names.agreeing("возвращён") + " автору")
        if was_public and not record.is_public:
            return self.sentence_about(names, obj, names.agreeing("снят") + " с публикации")
        return super().saved_message(names, obj, previous, added)
