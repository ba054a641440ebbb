"""Every write of redirects: saved collapsed, never in a loop.

Collapsed: a redirect leads straight to where a reader finally arrives (A→B when B→C exists
is stored as A→C), and every redirect that led to its old address now leads there too (A→B,
then B→C, makes A→C). So a reader is never sent on through a chain, and one look-up answers.
A loop (B→A while A→B exists) is refused with a message; when a record's address changes
back (A→B, then B→A), the redirect from the address that is live again is deleted instead.
"""

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Redirect
from portal.redirects.addresses import (
    clean_old_path,
    is_external,
    local_address,
    without_fragment,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser | None

# Stored redirects are collapsed, so a chain is one step; this only bounds bad data.
MAX_STEPS = 20


def final_address(address: str) -> str:
    """Where a reader sent to ``address`` ends up, following the stored redirects."""
    for _step in range(MAX_STEPS):
        if is_external(address):
            return address
        onward = (
            Redirect.objects.filter(old_path=without_fragment(address))
            .values_list("new_path", flat=True)
            .first()
        )
        if onward is None:
            return address
        address = onward
    return address


def check_no_loop(old_path: str, new_path: str) -> str:
    """The final address of a redirect from ``old_path`` to ``new_path`` (both canonical);
    ValidationError if a reader would come back to ``old_path``."""
    final = final_address(new_path)
    if without_fragment(final) == old_path:
        if without_fragment(new_path) == old_path:
            message = _("A redirect cannot lead to its own address.")
        else:
            message = _(
                "This would make a loop: «%(new)s» already redirects to «%(old)s». "
                "Delete that redirect first."
            ) % {"new": new_path, "old": old_path}
        raise ValidationError({"new_path": message}, code="loop")
    return final


@transaction.atomic
def save_redirect(redirect: Redirect, *, by: "User" = None) -> Redirect:
    """Store ``redirect`` (its addresses canonical) collapsed; ValidationError for a loop."""
    redirect.new_path = check_no_loop(redirect.old_path, redirect.new_path)
    if by is not None and by.is_authenticated:
        if redirect._state.adding:
            redirect.created_by = by  # type: ignore[assignment]
        redirect.updated_by = by  # type: ignore[assignment]
    redirect.save()
    Redirect.objects.filter(new_path=redirect.old_path).update(new_path=redirect.new_path)
    return redirect


def path_of(url: str) -> str:
    """The canonical address of one of this site's own URLs (``get_absolute_url()``)."""
    parts = urlsplit(url)
    return local_address(parts.path, parts.query)


def release(url: str) -> int:
    """The address ``url`` is live: no redirect may send its readers elsewhere."""
    deleted, _by_model = Redirect.objects.filter(old_path=path_of(url)).delete()
    return deleted


@transaction.atomic
def record_move(old_url: str, new_url: str) -> Redirect | None:
    """A public record's address changed from ``old_url`` to ``new_url``: 301 from the old
    one, collapsed; the redirect from the new one, if any (the address changed back), goes."""
    old_path, new_path = path_of(old_url), path_of(new_url)
    if old_path == new_path:
        return None
    release(new_url)
    redirect = Redirect.objects.filter(old_path=old_path).first() or Redirect(old_path=old_path)
    redirect.new_path = new_path
    redirect.source = Redirect.Source.MOVED
    return save_redirect(redirect)


@transaction.atomic
def keep_old_address(old_url: str, new_url: str) -> str:
    """An article imported from ``old_url`` (its link on the old site) lives at ``new_url``:
    the old address's path redirects here. Returns a warning, or "" when all is well (or the
    two are the same address). A redirect an editor made for that address is kept."""
    try:
        old_path = clean_old_path(old_url)
    except ValidationError as error:
        return _("No redirect from the old address «%(url)s»: %(reason)s") % {
            "url": old_url,
            "reason": " ".join(error.messages),
        }
    new_path = path_of(new_url)
    if old_path == new_path:
        return ""
    release(new_url)
    redirect = Redirect.objects.filter(old_path=old_path).first()
    if redirect is None:
        redirect = Redirect(old_path=old_path, source=Redirect.Source.IMPORTED)
    elif redirect.new_path == new_path:
        return ""
    elif redirect.source in (Redirect.Source.EDITOR, Redirect.Source.FILE):
        return _("The old address «%(old)s» keeps the redirect an editor made, to «%(new)s».") % {
            "old": old_path,
            "new": redirect.new_path,
        }
    redirect.new_path = new_path
    redirect.source = Redirect.Source.IMPORTED
    try:
        save_redirect(redirect)
    except ValidationError as error:
        return _("No redirect from the old address «%(url)s»: %(reason)s") % {
            "url": old_url,
            "reason": " ".join(error.messages),
        }
    return ""
