"""Writes that change what the public sees of pages, with who may make them.

The rules are those of articles (``news.services``): editors with ``pages.change_page`` write
and submit for review; only those with ``pages.publish_page`` publish, schedule, unpublish or
change a public page's dates. Before a page is published, the shared content checks
(``portal.content_checks``) must find no error. Every save keeps a revision (who, what); every
change of state is written to the audit trail (``portal.models.AuditEvent``); a change that
takes a page off the site invalidates the page cache hard (``portal.cache.content_change``).

A page moved (another slug or parent) takes the pages below it along: their addresses are
saved again, one by one, so each old address of a published page redirects to its new one.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pages.models import Page
from portal.cache import content_change
from portal.content_checks import check_content
from portal.models import AuditEvent

PUBLISH_PERMISSION = "pages.publish_page"
LIFT, DELETE = "lift", "delete"


def can_publish(user) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def _require_publisher(by):
    if by is not None and not can_publish(by):
        raise PermissionDenied(_("Only the chief editor can publish, unpublish or schedule."))


def check_page(page: Page):
    return check_content(
        title=page.title,
        lead=page.lead,
        body=page.body,
        lead_limit=Page._meta.get_field("lead").max_length,
    )


def require_ready(page: Page, *, by) -> None:
    if by is None or page.status != Page.Status.PUBLISHED:
        return
    report = check_page(page)
    if not report.ok:
        raise ValidationError(
            [
                _("The page cannot be published until this is fixed:"),
                *(finding.message for finding in report.errors),
            ]
        )


def stored(page: Page) -> Page | None:
    if page.pk is None or page._state.adding:
        return None
    return Page.objects.filter(pk=page.pk).first()


def _was_public(previous: Page | None) -> bool:
    return previous is not None and previous.is_public


def _publication_changed(page: Page, previous: Page | None) -> bool:
    if previous is None:
        return page.status == Page.Status.PUBLISHED
    return (
        page.status != previous.status
        or _seconds(page.publish_at) != _seconds(previous.publish_at)
        or _seconds(page.expire_at) != _seconds(previous.expire_at)
    ) and Page.Status.PUBLISHED in (page.status, previous.status)


def _seconds(moment):
    return moment.replace(microsecond=0) if moment else None


def _record(page: Page, previous: Page | None, *, by) -> None:
    Action = AuditEvent.Action
    before = previous.status if previous else None
    action = None
    if page.status == Page.Status.PUBLISHED and _publication_changed(page, previous):
        action = Action.PUBLISHED if page.publish_at <= timezone.now() else Action.SCHEDULED
    elif before == Page.Status.PUBLISHED and page.status != before:
        action = Action.UNPUBLISHED
    elif page.status == Page.Status.REVIEW and before != page.status:
        action = Action.SUBMITTED
    if action is not None:
        AuditEvent.objects.record(action, page, by=by)


def _save(page: Page, by, comment: str) -> None:
    page.updated_by = by
    with reversion.create_revision():
        page.save()
        if by is not None and by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(comment)


@transaction.atomic
def save_page(page: Page, *, by=None, comment: str = "") -> Page:
    """Save an edit; publishing changes need the publish permission."""
    previous = stored(page)
    if _publication_changed(page, previous):
        _require_publisher(by)
    require_ready(page, by=by)
    old_path = previous.path if previous else None
    with content_change(hides=_was_public(previous) and not page.is_public):
        _save(page, by, comment)
        _record(page, previous, by=by)
        if old_path and old_path != page.path:
            readdress_below(old_path)
    return page


def readdress_below(old_path: str) -> None:
    """Save again the pages that were below ``old_path``, parents first, so their stored
    addresses follow (and the old ones of public pages redirect)."""
    below = Page.objects.filter(path__startswith=old_path).exclude(path=old_path)
    for page in sorted(below, key=lambda page: page.path.count("/")):
        page.parent = Page.objects.get(pk=page.parent_id)
        page.save()


def publish_page(page: Page, *, by=None, at=None) -> Page:
    """Make ``page`` public: at ``at`` (a future time schedules it), or now."""
    _require_publisher(by)
    page.status = Page.Status.PUBLISHED
    if at is not None:
        page.publish_at = at
    elif page.first_published_at is None and page.publish_at <= timezone.now():
        page.publish_at = timezone.now()
    return save_page(page, by=by, comment=pgettext("history", "Published"))


def unpublish_page(page: Page, *, by=None) -> Page:
    """Take ``page`` off the site; it returns to drafts and keeps its address."""
    _require_publisher(by)
    page.status = Page.Status.DRAFT
    return save_page(page, by=by, comment=pgettext("history", "Unpublished"))


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
