"""Reading the source (a file or a download) and downloads from the public web only: a
defence against SSRF.

urllib3 speaks HTTP; the address check is ours because urllib3 resolves names itself, so we
resolve the host, refuse anything but public addresses and connect to the very address we
checked (the Host header and TLS SNI keep the name), again at every redirect.

Every refusal and every failure to connect reads the same («the address is unreachable»),
so the warnings tell nothing about internal hosts or which ports are open; only a server that
was reached (a public one) may be reported by its answer's status or as too slow.
"""

import ipaddress
import re
import socket
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from news.importing.items import ImportSourceError

USER_AGENT = "Vestnik news importer"
FETCH_TIMEOUT = 10
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}
CHUNK_BYTES = 64 * 1024
NAT64 = ipaddress.ip_network("64:ff9b::/96")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    pass


def url_scheme(url: str) -> str:
    """The scheme of ``url``, lowercased; unlike ``urlsplit`` it never raises."""
    found = SCHEME.match(url)
    return found.group(1).lower() if found else ""


def absolute_url(base: str, url: str) -> str:
    """``url`` resolved against ``base``; unchanged if it cannot be parsed (the fetcher then
    reports it as unreachable)."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _unreachable() -> FetchError:
    return FetchError(_("the address is unreachable"))


def is_public_address(address: IPAddress) -> bool:
    """False for loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved
    and unspecified addresses, and for IPv6 addresses that embed such an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public_address(embedded):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_loopback
        or address.is_link_local
        or address.is_private
        or address.is_unspecified
    )


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """IMPORT_FETCH_ALLOWED_NETWORKS parsed; ImproperlyConfigured names a bad entry."""
    networks = []
    for network in settings.IMPORT_FETCH_ALLOWED_NETWORKS:
        try:
            networks.append(ipaddress.ip_network(network, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"IMPORT_FETCH_ALLOWED_NETWORKS: «{network}» is not a network."
            ) from None
    return networks


class Fetcher:
    """GETs http(s) URLs from allowed addresses, following a few redirects (each checked),
    with connect and read timeouts, an overall deadline and a size limit."""

    def __init__(self, timeout: float = FETCH_TIMEOUT):
        self.timeout = timeout
        self.allowed_networks = allowed_networks()
        self.allowed_ports = set(settings.IMPORT_FETCH_ALLOWED_PORTS)

    def is_allowed_address(self, address: IPAddress) -> bool:
        return is_public_address(address) or any(
            address in network for network in self.allowed_networks
        )

    def checked_address(self, host: str, port: int) -> str:
        """The address to connect to for ``host``; FetchError unless every address it
        resolves to is allowed (so a name with one private address among public ones is
        refused)."""
        if port not in self.allowed_ports:
            raise _unreachable()
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
        except (OSError, UnicodeError, ValueError):
            raise _unreachable() from None
        if not addresses or not all(self.is_allowed_address(address) for address in addresses):
            raise _unreachable()
        return str(addresses[0])

    def get(self, url: str, max_bytes: int) -> bytes:
        if url_scheme(url) not in DEFAULT_PORTS:
            raise FetchError(_("only http and https addresses are fetched"))
        deadline = time.monotonic() + self.timeout * 3
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._open(url)
            try:
                if response.status in REDIRECT_STATUSES and response.headers.get("Location"):
                    try:
                        url = urljoin(url, response.headers["Location"])
                    except ValueError:
                        raise _unreachable() from None
                    if url_scheme(url) not in DEFAULT_PORTS:
                        raise _unreachable()
                    continue
                if response.status >= 300:
                    raise FetchError(
                        _("the server answered %(status)s") % {"status": response.status}
                    )
                return self._body(response, max_bytes, deadline)
            finally:
                response.release_conn()
        raise FetchError(_("too many redirects"))

    def _open(self, url: str) -> urllib3.HTTPResponse:
        try:
            parts = urlsplit(url)
            host, port = parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise _unreachable() from None
        if not host:
            raise _unreachable()
        address = self.checked_address(host, port)
        pool = self._pool(parts.scheme, host, address, port)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        shown_host = f"[{host}]" if ":" in host else host
        headers = {
            "Host": shown_host if port == DEFAULT_PORTS[parts.scheme] else f"{shown_host}:{port}",
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "identity",
        }
        try:
            return pool.urlopen(
                "GET",
                target,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.ReadTimeoutError:
            raise FetchError(_("timed out")) from None
        except (urllib3.exceptions.HTTPError, OSError, ValueError):
            # Refused, filtered, reset or a bad certificate: told apart, they would map ports.
            raise _unreachable() from None

    def _pool(self, scheme, host, address, port):
        timeout = urllib3.Timeout(connect=self.timeout, read=self.timeout)
        if scheme == "https":
            return urllib3.HTTPSConnectionPool(
                address,
                port,
                timeout=timeout,
                maxsize=1,
                cert_reqs="CERT_REQUIRED",
                server_hostname=host,
                assert_hostname=host,
            )
        return urllib3.HTTPConnectionPool(address, port, timeout=timeout, maxsize=1)

    def _body(self, response, max_bytes: int, deadline: float) -> bytes:
        too_large = FetchError(_("larger than %(limit)s bytes") % {"limit": max_bytes})
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_large
        received = bytearray()
        try:
            while chunk := response.read1(CHUNK_BYTES):
                received += chunk
                if len(received) > max_bytes:
                    raise too_large
                if time.monotonic() > deadline:
                    raise FetchError(_("timed out"))
        except urllib3.exceptions.ReadTimeoutError:
            raise FetchError(_("timed out")) from None
        except (urllib3.exceptions.HTTPError, OSError):
            raise _unreachable() from None
        return bytes(received)


def file_too_large() -> str:
    return _(
        "The file is larger than %(limit)s bytes (IMPORT_SOURCE_MAX_BYTES): split it "
        "into smaller files and import them one by one."
    ) % {"limit": settings.IMPORT_SOURCE_MAX_BYTES}


def read_source(source: str, fetcher: Fetcher) -> tuple[bytes, str]:
    """The document's bytes and the URL relative links resolve against ("" for a file)."""
    limit = settings.IMPORT_SOURCE_MAX_BYTES
    try:
        scheme = urlsplit(source).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise ImportSourceError(_("Give a file path or an http(s) address.")) from None
    if scheme in ("http", "https"):
        try:
            return fetcher.get(source, limit), source
        except FetchError as error:
            raise ImportSourceError(
                _("Cannot download %(source)s: %(error)s.") % {"source": source, "error": error}
            ) from None
    if scheme and len(scheme) > 1:
        raise ImportSourceError(_("Give a file path or an http(s) address."))
    path = Path(source)
    try:
        if path.stat().st_size > limit:
            raise ImportSourceError(file_too_large())
        return path.read_bytes(), ""
    except OSError as error:
        raise ImportSourceError(
            _("Cannot read %(source)s: %(error)s.") % {"source": source, "error": error.strerror}
        ) from None
