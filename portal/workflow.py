"""The editorial workflow of every reviewed kind of content (articles, pages): one set of rules.

A ``Workflow`` is built once per model by its app (``news.services``, ``pages.services``) and
holds the writes that change what the public sees, with who may make them:

* authors (the model's change permission without its publish permission) edit only what they
  created, and only while it is a draft or in review; they submit it for review;
* editors with the publish permission publish, schedule, unpublish, archive (where the model
  has an archive) and send back with a comment.

``by=None`` means the system itself (management commands, the demo content, imports): not
checked. For people, the content checks (``portal.content_checks``) come first: a record with
an error is neither published nor submitted for review (``ContentNotReady``). Every save keeps
a django-reversion revision (user and comment) and is optimistically locked by the model
(``portal.models.VersionedModel``); every change of state is written to the audit trail
(``portal.models.AuditEvent``) and announced by the app's signals (the editors' mails listen
in ``channels.notifications``); a change that takes a record off the site, or gives it a
removal time, invalidates the page cache hard (``portal.cache.content_change``).

The model is expected to have ``status`` (a ``Status`` with ``DRAFT``, ``REVIEW``,
``PUBLISHED`` and perhaps ``ARCHIVED``), ``publish_at`` (never empty), ``expire_at``,
``first_published_at``, ``created_by``, ``updated_by`` and ``is_public``.
"""

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import pgettext

from portal.cache import content_change
from portal.content_checks import Report
from portal.models import AuditEvent

# A reviewed record (an article, a page) and a user: Django's loose types, named for reading.
Record = Any
User = Any
if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    Text = StrOrPromise
else:
    Text = str | Promise
State = tuple[str | None, datetime.datetime | None]  # (status, publish_at) as stored


@dataclass(frozen=True)
class WorkflowSignals:
    """What the workflow tells other apps, each sent with the record under ``item`` (e.g.
    ``article=``), ``by`` and ``event`` (the audit entry, which identifies the occasion)."""

    submitted: Signal
    sent_back: Signal  # also ``note``: the chief editor's comment
    published: Signal  # also ``scheduled``: True when it comes out later


@dataclass(frozen=True)
class WorkflowTexts:
    """The refusals, in the words of the model («The page cannot be published…»)."""

    not_ready_to_publish: Text
    not_ready_to_submit: Text
    publisher_only: Text
    cannot_change: Text


class ContentNotReady(ValidationError):
    """The record has errors that the content checks say must be fixed first."""

    def __init__(self, record: Record, report: Report, *, intro: Text) -> None:
        self.record, self.report = record, report
        super().__init__([str(intro), *(finding.message for finding in report.errors)])

    @property
    def article(self) -> Record:  # the name news has always used
        return self.record


def moved(previous: datetime.datetime | None, current: datetime.datetime | None) -> bool:
    """Has a publication time changed? Forms keep whole seconds only."""
    if previous is None or current is None:
        return previous is not current
    return previous.replace(microsecond=0) != current.replace(microsecond=0)


class Workflow:
    def __init__(
        self,
        model: Any,
        *,
        publish_permission: str,
        check: Callable[[Record], Report],
        texts: WorkflowTexts,
        signals: WorkflowSignals,
        item: str,
        around_save: Callable[[Record], AbstractContextManager[Any]] | None = None,
    ) -> None:
        """``item``: the record's keyword in the signals; ``around_save(record)``: a context
        manager every save of a record is made in (pages: the pages below a moved page
        follow it)."""
        self.model, self.check, self.texts = model, check, texts
        self.signals, self.item, self.around_save = signals, item, around_save
        opts = model._meta
        self.publish_permission = publish_permission
        self.change_permission = f"{opts.app_label}.change_{opts.model_name}"
        self.add_permission = f"{opts.app_label}.add_{opts.model_name}"
        Status = model.Status
        self.author_statuses = (Status.DRAFT, Status.REVIEW)
        self.archived = getattr(Status, "ARCHIVED", None)
        self.public_states = tuple(s for s in (Status.PUBLISHED, self.archived) if s is not None)

    # Who may do what.

    def can_publish(self, user: User | None) -> bool:
        return user is not None and user.has_perm(self.publish_permission)

    def works_on_own_only(self, user: User) -> bool:
        """Writers who cannot publish see and change only the records they created."""
        return not self.can_publish(user) and (
            user.has_perm(self.add_permission) or user.has_perm(self.change_permission)
        )

    def can_edit(self, user: User, record: Record, status: str | None = None) -> bool:
        """May ``user`` change ``record`` (whose stored status is ``status``, if given)?"""
        if not user.has_perm(self.change_permission):
            return False
        if self.can_publish(user):
            return True
        status = status or record.status
        own = record.pk is None or record.created_by_id == user.pk
        return own and status in self.author_statuses

    def can_preview(self, user: User, record: Record) -> bool:
        """May ``user`` read ``record`` before it is public? Whoever may edit it, and its
        author (who keeps seeing it once it is scheduled or archived, as in the admin)."""
        if self.can_edit(user, record):
            return True
        return user.has_perm(self.change_permission) and record.created_by_id == user.pk

    def require_publisher(self, by: User | None) -> None:
        if by is not None and not self.can_publish(by):
            raise PermissionDenied(self.texts.publisher_only)

    def require_editor(self, by: User | None, record: Record, previous_status: str | None) -> None:
        if by is not None and not self.can_edit(by, record, status=previous_status):
            raise PermissionDenied(self.texts.cannot_change)

    # The content checks.

    def needs_checks(self, status: str, previous_status: str | None) -> bool:
        """Is a record going to ``status`` from ``previous_status`` checked first? Whenever
        it is (or stays) public, and when it goes to review."""
        Status = self.model.Status
        if status == Status.PUBLISHED:
            return True
        return status == Status.REVIEW and previous_status != Status.REVIEW

    def not_ready(
        self, record: Record, report: Report, *, submitting: bool = False
    ) -> ContentNotReady:
        texts = self.texts
        intro = texts.not_ready_to_submit if submitting else texts.not_ready_to_publish
        return ContentNotReady(record, report, intro=intro)

    def require_ready(
        self, record: Record, status: str, previous_status: str | None, *, by: User | None
    ) -> None:
        """Refuse (``ContentNotReady``) to move ``record`` to ``status`` with errors in it."""
        if by is None or not self.needs_checks(status, previous_status):
            return
        report = self.check(record)
        if not report.ok:
            submitting = status == self.model.Status.REVIEW
            raise self.not_ready(record, report, submitting=submitting)

    # Saving, with its revision and audit entry.

    def stored_state(self, record: Record) -> State:
        """``(status, publish_at)`` of ``record`` as stored, before the edits in memory."""
        if record.pk is None or record._state.adding:
            return None, None
        stored = self.model._base_manager.filter(pk=record.pk)
        return stored.values_list("status", "publish_at").first() or (None, None)

    def _save(self, record: Record, by: User | None, comment: str) -> None:
        record.updated_by = by
        around = self.around_save(record) if self.around_save else nullcontext()
        with around, reversion.create_revision():
            record.save()
            if by is not None and by.is_authenticated:
                reversion.set_user(by)
            reversion.set_comment(comment)

    def hides(
        self,
        record: Record,
        previous_status: str | None,
        previous_publish_at: datetime.datetime | None,
    ) -> bool:
        """Will saving ``record`` take it off the public site (for the page cache: such a
        change is never served stale)?"""
        was_public = (
            previous_status == self.model.Status.PUBLISHED
            and previous_publish_at is not None
            and previous_publish_at <= timezone.now()
        )
        # A record with a removal time hides itself later: its version's pages must never be
        # served stale past that moment, which a soft invalidation's previous version could be.
        return (was_public and not record.is_public) or record.expire_at is not None

    def record_transition(
        self,
        record: Record,
        previous_status: str | None,
        previous_publish_at: datetime.datetime | None,
        *,
        by: User | None,
        note: str = "",
    ) -> str | None:
        """Write the audit entry for ``record`` having moved from ``previous_status``."""
        Status, Action, status = self.model.Status, AuditEvent.Action, record.status
        action = None
        if status == Status.PUBLISHED and (
            previous_status != status or moved(previous_publish_at, record.publish_at)
        ):
            action = Action.PUBLISHED if record.is_public else Action.SCHEDULED
        elif previous_status == Status.PUBLISHED and status in self.author_statuses:
            action = Action.UNPUBLISHED
        elif self.archived is not None and status == self.archived and previous_status != status:
            action = Action.ARCHIVED
        elif status == Status.REVIEW and previous_status != status:
            action = Action.SUBMITTED
        if action is not None:
            event = AuditEvent.objects.record(action, record, by=by, note=note)
            self._announce(action, record, by=by, event=event)
        return action

    def _announce(
        self, action: str, record: Record, *, by: User | None, event: AuditEvent
    ) -> None:
        Action, about = AuditEvent.Action, {self.item: record, "by": by, "event": event}
        if action == Action.SUBMITTED:
            self.signals.submitted.send(self.model, **about)
        elif action in (Action.PUBLISHED, Action.SCHEDULED):
            scheduled = action == Action.SCHEDULED
            self.signals.published.send(self.model, **about, scheduled=scheduled)

    # The editorial writes.

    def save(self, record: Record, *, by: User | None, comment: str = "") -> Record:
        """Save an edit made in a form; publishing changes need the publish permission."""
        previous_status, previous_publish_at = self.stored_state(record)
        changed = record.status != previous_status or moved(previous_publish_at, record.publish_at)
        public = self.public_states
        if changed and (record.status in public or previous_status in public):
            self.require_publisher(by)
        self.require_editor(by, record, previous_status)
        self.require_ready(record, record.status, previous_status, by=by)
        with content_change(hides=self.hides(record, previous_status, previous_publish_at)):
            self._save(record, by, comment)
            self.record_transition(record, previous_status, previous_publish_at, by=by)
        return record

    def publish(
        self, record: Record, *, by: User | None = None, at: datetime.datetime | None = None
    ) -> Record:
        """Make ``record`` public: at ``at``, at its future publication time, or now.

        A draft first published now is dated now, not when its draft was started.
        """
        self.require_publisher(by)
        previous_status, previous_publish_at = self.stored_state(record)
        self.require_ready(record, self.model.Status.PUBLISHED, previous_status, by=by)
        now = timezone.now()
        record.status = self.model.Status.PUBLISHED
        if at is not None:
            record.publish_at = at
        elif record.first_published_at is None and record.publish_at <= now:
            record.publish_at = now
        with content_change(hides=self.hides(record, previous_status, previous_publish_at)):
            self._save(record, by, history_comment_of_publishing(record, now))
            self.record_transition(record, previous_status, previous_publish_at, by=by)
        return record

    def _move(
        self,
        record: Record,
        status: str,
        comment: str,
        *,
        by: User | None,
        previous: State | None = None,
    ) -> Record:
        previous_status, previous_publish_at = previous or self.stored_state(record)
        record.status = status
        self._save(record, by, comment)
        self.record_transition(record, previous_status, previous_publish_at, by=by)
        return record

    def unpublish(self, record: Record, *, by: User | None = None) -> Record:
        """Take ``record`` off the public site; it returns to drafts and keeps its address."""
        self.require_publisher(by)
        return self._move(
            record, self.model.Status.DRAFT, pgettext("history", "Unpublished"), by=by
        )

    def archive(self, record: Record, *, by: User | None = None) -> Record:
        """Move ``record`` to the archive: off the public site, out of the editors' way."""
        self.require_publisher(by)
        if self.archived is None:
            raise ValueError(f"{self.model._meta.label} has no archive.")
        return self._move(record, self.archived, pgettext("history", "Archived"), by=by)

    def submit_for_review(self, record: Record, *, by: User | None = None) -> Record:
        """The author hands ``record`` to the chief editor."""
        previous = self.stored_state(record)
        self.require_editor(by, record, previous[0])
        Status = self.model.Status
        self.require_ready(record, Status.REVIEW, previous[0], by=by)
        comment = pgettext("history", "Submitted for review")
        return self._move(record, Status.REVIEW, comment, by=by, previous=previous)

    def send_back(self, record: Record, *, by: User | None = None, note: str) -> Record:
        """The chief editor returns ``record`` to its author as a draft, saying what to change."""
        self.require_publisher(by)
        if not note.strip():
            raise ValueError("Sending back needs a comment for the author.")
        record.status = self.model.Status.DRAFT
        comment = pgettext("history", "Sent back with a comment: %(note)s") % {"note": note}
        self._save(record, by, comment)
        event = AuditEvent.objects.record(AuditEvent.Action.SENT_BACK, record, by=by, note=note)
        about = {self.item: record, "by": by, "event": event, "note": note}
        self.signals.sent_back.send(self.model, **about)
        return record

    def review_notes(self, record: Record) -> models.QuerySet[AuditEvent]:
        """The chief editor's comments on ``record``, the latest first."""
        return (
            AuditEvent.objects.for_object(record)
            .filter(action=AuditEvent.Action.SENT_BACK)
            .select_related("actor")
        )

    def last_sent_back(self, record: Record | None) -> AuditEvent | None:
        """The audit entry that sent ``record`` back, if that is the latest thing done to it
        and it is still a draft (shown above its form)."""
        if record is None or record.pk is None or record.status != self.model.Status.DRAFT:
            return None
        latest = AuditEvent.objects.for_object(record).first()
        if latest is not None and latest.action == AuditEvent.Action.SENT_BACK:
            return latest
        return None


def history_comment_of_publishing(record: Record, now: datetime.datetime) -> str:
    if record.publish_at <= now:
        return pgettext("history", "Published")
    when = formats.date_format(timezone.localtime(record.publish_at), "j E, H:i")
    return pgettext("history", "Scheduled for %(when)s") % {"when": when}
