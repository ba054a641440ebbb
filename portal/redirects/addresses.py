"""The two addresses of a redirect in one canonical form, and what each may be.

A path is kept percent-decoded (``/news/новости/``, as ``request.path`` has it, so 500
characters hold a long Cyrillic address) and its query with the parameters in name order (so
``?b=2&a=1`` and ``?a=1&b=2`` are one address). ``location()`` encodes it again for the
``Location`` header.
"""

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

OLD_PATH_MAX_LENGTH = 500
NEW_PATH_MAX_LENGTH = 600
# Never in an address typed or read: control characters, and a backslash, which browsers
# take for a slash («/\evil.example» would leave the site).
UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")
# Characters of a path left as they are in the Location header (RFC 3986 pchar and «/»).
PATH_SAFE = "/:@!$&'()*+,;=-._~"


def canonical_query(query: str) -> str:
    """``query`` with its parameters in name order (the values of one name as sent)."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def local_address(path: str, query: str = "", *, decoded: bool = False) -> str:
    """The canonical form of a path of this site and its query (``decoded``: the path is
    percent-decoded already, as ``request.path`` is)."""
    path = path if decoded else unquote(path)
    query = canonical_query(query)
    return f"{path}?{query}" if query else path


def is_external(address: str) -> bool:
    return address.startswith("https://")


def without_fragment(address: str) -> str:
    return address.partition("#")[0]


def location(address: str) -> str:
    """``address`` (canonical) as the Location header takes it."""
    if is_external(address):
        return address
    rest, _hash, fragment = address.partition("#")
    path, _mark, query = rest.partition("?")
    encoded = quote(path, safe=PATH_SAFE)
    if query:
        encoded = f"{encoded}?{query}"
    if fragment:
        encoded = f"{encoded}#{quote(fragment, safe=PATH_SAFE + '?')}"
    return encoded


def _leaves_the_site(path: str) -> bool:
    return not path.startswith("/") or path.startswith("//") or bool(UNSAFE.search(path))


def clean_old_path(value: str) -> str:
    """The canonical old address for what an editor typed or a file or feed gave: a path of
    this site, or an old site's http(s) address cut to its path; ValidationError if neither."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter the old address."), code="required")
    wrong = ValidationError(
        _(
            "The old address must be a path on this site, such as «/news/old-address/», "
            "or a full http(s) address of the old site."
        ),
        code="invalid",
    )
    if UNSAFE.search(value) or " " in value:
        raise wrong
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise wrong
        path = parts.path or "/"
    elif value.startswith("/") and not value.startswith("//"):
        path = parts.path
    else:
        raise wrong
    address = local_address(path, parts.query)
    if _leaves_the_site(address):
        raise wrong
    if address == "/":
        raise ValidationError(_("The home page cannot be redirected."), code="home")
    if len(address) > OLD_PATH_MAX_LENGTH:
        raise ValidationError(
            _("The old address is longer than %(limit)s characters.")
            % {"limit": OLD_PATH_MAX_LENGTH},
            code="max_length",
        )
    return address


def clean_new_path(value: str) -> str:
    """The canonical new address: a path of this site (with its query and fragment) or an
    https:// address of another site; ValidationError for anything else (http://, «//host»,
    «javascript:», a relative path)."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter the new address."), code="required")
    wrong = ValidationError(
        _(
            "The new address must be a path on this site, such as «/news/new-address/», "
            "or a full https:// address."
        ),
        code="invalid",
    )
    if UNSAFE.search(value) or " " in value:
        raise wrong
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        if parts.scheme != "https" or not parts.hostname or parts.username is not None:
            raise wrong
        address = value
    elif value.startswith("/") and not value.startswith("//"):
        address = local_address(parts.path, parts.query)
        if _leaves_the_site(address):
            raise wrong
        if parts.fragment:
            address = f"{address}#{unquote(parts.fragment)}"
    else:
        raise wrong
    if len(address) > NEW_PATH_MAX_LENGTH:
        raise ValidationError(
            _("The new address is longer than %(limit)s characters.")
            % {"limit": NEW_PATH_MAX_LENGTH},
            code="max_length",
        )
    return address
