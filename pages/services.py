"""Writes that change what the public sees of pages, with who may make them.

The rules are the portal's editorial workflow (``portal.workflow``), the same as articles':
authors (``pages.change_page`` without ``pages.publish_page``) write their own pages while
these are drafts or in review and submit them for review; the chief editor
(``pages.publish_page``) publishes, schedules, unpublishes and sends back with a comment.
The content checks (``portal.content_checks``) must find no error before a page is published
or submitted. Every save keeps a revision (who, what) and is optimistically locked; every
change of state is written to the audit trail and announced (``pages.signals``: the editors'
mails); a change that takes a page off the site invalidates the page cache hard.

A page moved (another slug or parent) takes the pages below it along: their addresses are
saved again, one by one, so each old address of a published page redirects to its new one.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pages import signals
from pages.models import Page
from portal.cache import content_change
from portal.content_checks import Report, check_content
from portal.models import AuditEvent
from portal.workflow import Workflow, WorkflowSignals, WorkflowTexts

PUBLISH_PERMISSION = "pages.publish_page"
LIFT, DELETE = "lift", "delete"


def check_page(page: Page) -> Report:
    """The content checks of ``page`` as it is in memory (``portal.content_checks``)."""
    return check_content(
        title=page.title,
        lead=page.lead,
        body=page.body,
        lead_limit=Page._meta.get_field("lead").max_length,
    )


def _stored_path(page: Page) -> str | None:
    if page.pk is None or page._state.adding:
        return None
    return Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()


@contextmanager
def pages_below_follow(page: Page):
    """Save ``page`` inside: if its address changed, the pages below it follow."""
    old_path = _stored_path(page)
    yield
    if old_path and old_path != page.path:
        readdress_below(old_path)


WORKFLOW = Workflow(
    Page,
    publish_permission=PUBLISH_PERMISSION,
    check=check_page,
    texts=WorkflowTexts(
        not_ready_to_publish=gettext_lazy("The page cannot be published until this is fixed:"),
        not_ready_to_submit=gettext_lazy(
            "The page cannot be submitted for review until this is fixed:"
        ),
        publisher_only=gettext_lazy("Only the chief editor can publish, unpublish or schedule."),
        cannot_change=gettext_lazy("You cannot change this page."),
    ),
    signals=WorkflowSignals(
        submitted=signals.page_submitted,
        sent_back=signals.page_sent_back,
        published=signals.page_published,
    ),
    item="page",
    around_save=pages_below_follow,
)

can_publish = WORKFLOW.can_publish
can_edit = WORKFLOW.can_edit
review_notes = WORKFLOW.review_notes


@transaction.atomic
def save_page(page: Page, *, by=None, comment: str = "") -> Page:
    """Save an edit; publishing changes need the publish permission, and an author changes
    only their own drafts. The pages below a moved page follow it (as in every write)."""
    return WORKFLOW.save(page, by=by, comment=comment)


@transaction.atomic
def publish_page(page: Page, *, by=None, at=None) -> Page:
    """Make ``page`` public: at ``at`` (a future time schedules it), or now."""
    return WORKFLOW.publish(page, by=by, at=at)


@transaction.atomic
def unpublish_page(page: Page, *, by=None) -> Page:
    """Take ``page`` off the site; it returns to drafts and keeps its address."""
    with content_change(hides=True):
        return WORKFLOW.unpublish(page, by=by)


@transaction.atomic
def submit_for_review(page: Page, *, by=None) -> Page:
    """The author hands ``page`` to the chief editor."""
    return WORKFLOW.submit_for_review(page, by=by)


@transaction.atomic
def send_back(page: Page, *, by=None, note: str) -> Page:
    """The chief editor returns ``page`` to its author as a draft, saying what to change."""
    return WORKFLOW.send_back(page, by=by, note=note)


def readdress_below(old_path: str) -> None:
    """Save again the pages that were below ``old_path``, parents first, so their stored
    addresses follow (and the old ones of public pages redirect)."""
    below = Page.objects.filter(path__startswith=old_path).exclude(path=old_path)
    for page in sorted(below, key=lambda page: page.path.count("/")):
        page.parent = Page.objects.get(pk=page.parent_id)
        page.save()


def descendants(page: Page):
    return Page.objects.filter(path__startswith=page.path).exclude(pk=page.pk)


@transaction.atomic
def delete_page(page: Page, *, children: str | None = None, by=None) -> list[Page]:
    """Delete ``page``; its subpages move up to its parent (``LIFT``) or are deleted with it
    (``DELETE``) — said explicitly: a page with subpages and no choice is refused. The pages
    deleted, deepest first."""
    below = list(descendants(page))
    if below and children not in (LIFT, DELETE):
        raise ValidationError(_("Say what becomes of the subpages: move them up or delete them."))
    deleted = []
    with content_change(hides=True):
        if children == LIFT:
            for child in page.children.all():
                child.parent = page.parent
                try:
                    child._clean_address()
                    child.validate_constraints()
                except ValidationError as clash:
                    raise ValidationError(
                        _("The subpage «%(title)s» cannot move up: %(reason)s")
                        % {"title": child.title, "reason": " ".join(clash.messages)}
                    ) from clash
                save_page(child, by=by, comment=_("Moved up: its parent page was deleted."))
        elif children == DELETE:
            for child in sorted(below, key=lambda p: -p.path.count("/")):
                AuditEvent.objects.record(AuditEvent.Action.DELETED, child, by=by)
                child.delete()
                deleted.append(child)
        AuditEvent.objects.record(AuditEvent.Action.DELETED, page, by=by)
        page.delete()
        deleted.append(page)
    return deleted
