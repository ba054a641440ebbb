"""manage.py import_news against hostile sources: SSRF through image addresses and
redirects, dangerous encodings, oversized items and files, markup in summaries.

The tests can only reach servers on loopback, so they allow 127.0.0.1 where an import has
to succeed and leave the defaults (public addresses, ports 80 and 443) where it must not.
"""

import http.server
import ipaddress
import re
import socket
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import translation

from news.importing.fetching import Fetcher, FetchError, is_public_address
from news.models import Article
from tests.news.test_import import MediaServer, run_import
from tests.support import make_image_bytes

pytestmark = pytest.mark.django_db

UNREACHABLE = "is not imported: the address is unreachable"


class RedirectServer:
    """Answers every GET with a redirect to ``target``; counts the requests."""

    def __init__(self, host="127.0.0.1"):
        self.target = ""
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                self.send_response(302)
                self.send_header("Location", server.target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def image_server():
    with MediaServer() as server:
        yield server


@pytest.fixture
def redirector():
    server = RedirectServer()
    yield server
    server.close()


def rss(tmp_path, image_url="", description="Короткое описание.", encoding="utf-8", body=""):
    enclosure = f'<enclosure url="{image_url}" type="image/jpeg"/>' if image_url else ""
    text = f"""<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Лента</title>
<item><title>Новость</title><link>http://old.example.test/news/1</link>
<pubDate>Tue, 29 Oct 2019 14:30:00 +0300</pubDate><category>Общество</category>
<description>{description}</description>{body}{enclosure}</item>
</channel></rss>"""
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8" if encoding.lower() == "utf-7" else encoding)
    return str(path)


def allow(settings, networks=(), ports=()):
    settings.IMPORT_FETCH_ALLOWED_NETWORKS = list(networks)
    settings.IMPORT_FETCH_ALLOWED_PORTS = [80, 443, *ports]


# Addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",
        "64:ff9b::a9fe:a9fe",
        "2001:db8::1",
    ],
)
def test_internal_addresses_are_not_public(address):
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "95.167.1.1", "2a00:1450:4001:82b::200e"])
def test_public_addresses_are(address):
    assert is_public_address(ipaddress.ip_address(address))


def test_images_on_loopback_are_refused_and_never_requested(
    settings, rubric, image_server, tmp_path
):
    allow(settings, ports=[image_server.port])

    out, _err = run_import(rss(tmp_path, f"{image_server.base}/lead.jpg"))

    assert f"{image_server.base}/lead.jpg {UNREACHABLE}" in out
    assert "Created: 1" in out
    assert image_server.requests == []
    assert not Article.objects.get().lead_image


def test_ports_other_than_80_and_443_are_refused(settings, rubric, image_server, tmp_path):
    allow(settings, networks=["127.0.0.1/32"])

    out, _err = run_import(rss(tmp_path, f"{image_server.base}/lead.jpg"))

    assert UNREACHABLE in out
    assert image_server.requests == []


def test_a_closed_port_and_a_refused_address_read_the_same(settings, rubric, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    allow(settings, networks=["127.0.0.1/32"], ports=[closed_port])
    closed = f"http://127.0.0.1:{closed_port}/a.jpg"
    refused = f"http://10.0.0.1:{closed_port}/a.jpg"
    metadata = "http://169.254.169.254/latest/meta-data/"
    body = f"<content:encoded><![CDATA[<p>Текст</p><img src='{refused}'><img src='{metadata}'>]]></content:encoded>"

    out, _err = run_import(rss(tmp_path, closed, body=body))

    for url in (closed, refused, metadata):
        assert f"{url} {UNREACHABLE}" in out
    assert "refused" not in out.replace(UNREACHABLE, "")
    assert str(closed_port) not in out.replace(closed, "").replace(refused, "")


@translation.override("en")
def test_a_redirect_to_an_internal_address_is_refused(settings, redirector):
    allow(settings, networks=["127.0.0.1/32"], ports=[redirector.port])
    for target in (
        "http://127.0.0.2/lead.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/lead.jpg",
        "file:///etc/passwd",
    ):
        with pytest.raises(FetchError, match=r"^the address is unreachable$"):
            redirector.target = target
            Fetcher(timeout=2).get(f"{redirector.base}/lead.jpg", 10_000)


def test_every_hop_of_a_redirect_is_checked(settings, rubric, redirector, tmp_path):
    """127.0.0.2 is loopback like 127.0.0.1 but outside the allowed network: the first hop
    passes the check, the second must not, and is never requested."""
    target = RedirectServer(host="127.0.0.2")
    try:
        redirector.target = f"{target.base}/lead.jpg"
        target.target = "http://example.invalid/"
        allow(settings, networks=["127.0.0.1/32"], ports=[redirector.port, target.port])

        out, _err = run_import(rss(tmp_path, f"{redirector.base}/lead.jpg"))

        assert f"{redirector.base}/lead.jpg {UNREACHABLE}" in out
        assert redirector.requests == ["/lead.jpg"]
        assert target.requests == []
        assert "127.0.0.2" not in out
    finally:
        target.close()


def test_allowed_redirects_are_followed(settings, rubric, redirector, image_server, tmp_path):
    redirector.target = f"{image_server.base}/lead.jpg"
    allow(settings, networks=["127.0.0.1/32"], ports=[redirector.port, image_server.port])

    out, _err = run_import(rss(tmp_path, f"{redirector.base}/lead.jpg"))

    assert "is not imported" not in out
    assert Article.objects.get().lead_image
    assert image_server.requests == ["/lead.jpg"]


@translation.override("en")
def test_redirects_are_bounded(settings, redirector):
    redirector.target = f"{redirector.base}/again"
    allow(settings, networks=["127.0.0.1/32"], ports=[redirector.port])

    with pytest.raises(FetchError, match="too many redirects"):
        Fetcher(timeout=2).get(f"{redirector.base}/start", 10_000)
    assert len(redirector.requests) == 6


@translation.override("en")
def test_the_checked_address_is_the_one_connected_to(settings, image_server, monkeypatch):
    """DNS rebinding: a name that resolves to an allowed address when checked and to another
    one a moment later still reaches the checked address, with the name in the Host header."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["127.0.0.2"] * 10)

    def rebinding(host, *args, **kwargs):
        if host == "media.example.test":
            host = next(answers)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    seen_hosts = []
    handler = image_server.httpd.RequestHandlerClass
    original = handler.do_GET

    def recording(self):
        seen_hosts.append(self.headers["Host"])
        original(self)

    monkeypatch.setattr(handler, "do_GET", recording)
    allow(settings, networks=["127.0.0.1/32"], ports=[image_server.port])

    data = Fetcher(timeout=2).get(f"http://media.example.test:{image_server.port}/lead.jpg", 10**6)

    assert data == image_server.files["/lead.jpg"][0]
    assert seen_hosts == [f"media.example.test:{image_server.port}"]


@translation.override("en")
def test_downloads_have_a_size_limit(settings, image_server):
    allow(settings, networks=["127.0.0.1/32"], ports=[image_server.port])
    image_server.files["/big.jpg"] = (make_image_bytes(width=400, height=300), "image/jpeg")

    with pytest.raises(FetchError, match="larger than 100 bytes"):
        Fetcher(timeout=2).get(f"{image_server.base}/big.jpg", 100)


# Encodings and sizes --------------------------------------------------------------------


def test_a_utf7_document_is_refused_with_a_message(rubric, tmp_path):
    path = tmp_path / "utf7.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-7"?>\n<rss version="2.0"><channel><title>+BBsENQQ9BEIEMA-'
        b"</title></channel></rss>"
    )

    with pytest.raises(CommandError, match="encoding «UTF-7» is not accepted; save the document"):
        run_import(str(path))
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ("x-klingon", "declares an unknown encoding «x-klingon»"),
        ("utf-32", "encoding «utf-32» is not accepted"),
        ("cp037", "encoding «cp037» is not accepted"),
        ("utf 8", "declares an unknown encoding «?»"),
    ],
)
def test_encodings_outside_the_allow_list_are_refused(tmp_path, declared, message):
    path = tmp_path / "feed.xml"
    path.write_text(f'<?xml version="1.0" encoding="{declared}"?><rss version="2.0"/>', "ascii")

    with pytest.raises(CommandError, match=re.escape(message)):
        run_import(str(path))


def test_a_windows_1251_document_is_read(rubric, tmp_path):
    out, _err = run_import(rss(tmp_path, description="Приём граждан.", encoding="windows-1251"))

    assert "Created: 1" in out
    assert Article.objects.get().lead == "Приём граждан."


def test_an_oversized_item_is_refused_and_the_others_imported(settings, rubric, tmp_path):
    settings.IMPORT_ITEM_MAX_BYTES = 5000
    items = "".join(
        f"<item><title>Новость {number}</title><link>http://old.example.test/{number}</link>"
        f"<pubDate>Tue, 29 Oct 2019 14:30:00 +0300</pubDate><category>Общество</category>"
        f"<description>{text}</description></item>"
        for number, text in ((1, "Обычная новость."), (2, "слово " * 2000))
    )
    path = tmp_path / "big-item.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>'
        f"{items}</channel></rss>",
        "utf-8",
    )

    out, err = run_import(str(path))

    assert "Created: 1, updated: 0, skipped: 0, errors: 1." in out
    assert "item 2 «Новость 2»: The item is larger than 5000 bytes (IMPORT_ITEM_MAX_BYTES)." in err
    assert list(Article.objects.values_list("title", flat=True)) == ["Новость 1"]


def test_an_oversized_file_is_refused(settings, rubric, tmp_path):
    settings.IMPORT_SOURCE_MAX_BYTES = 300

    with pytest.raises(CommandError, match="The file is larger than 300 bytes"):
        run_import(rss(tmp_path))
    assert Article.objects.count() == 0


def test_an_oversized_download_is_refused(settings, rubric, image_server, tmp_path):
    allow(settings, networks=["127.0.0.1/32"], ports=[image_server.port])
    settings.IMPORT_SOURCE_MAX_BYTES = 300
    feed = Path(rss(tmp_path)).read_bytes()
    image_server.files["/feed.xml"] = (feed, "application/rss+xml")

    with pytest.raises(CommandError, match=r"Cannot download .*: larger than 300 bytes"):
        run_import(f"{image_server.base}/feed.xml")


# Summaries become plain-text leads -------------------------------------------------------


def test_markup_in_an_rss_summary_becomes_plain_text(rubric, tmp_path):
    description = (
        "&lt;img src=x onerror=alert(1)&gt;Тег &lt;code&gt;&amp;lt;b&amp;gt;&lt;/code&gt; "
        "пишут в HTML как &amp;amp;lt;b&amp;amp;gt;."
    )

    run_import(rss(tmp_path, description=description))

    assert Article.objects.get().lead == "Тег <b> пишут в HTML как &lt;b&gt;."


def test_the_paragraphs_of_a_summary_stay_apart_in_the_lead(rubric, tmp_path):
    description = "&lt;p&gt;Первый абзац.&lt;/p&gt;&lt;p&gt;Второй абзац.&lt;/p&gt;"

    run_import(rss(tmp_path, description=description))

    assert Article.objects.get().lead == "Первый абзац. Второй абзац."


def test_atom_text_summaries_and_titles_are_text_not_markup(rubric, tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title><id>urn:feed</id>
<entry><title type="text">Тег &lt;b&gt; и &amp;amp;</title><id>urn:1</id>
<updated>2020-01-15T10:00:00Z</updated><category term="Общество"/>
<summary type="text">&lt;img src=x onerror=alert(1)&gt; цитирует код &amp;amp; так</summary>
<content type="text">Текст &lt;script&gt;</content></entry></feed>""",
        "utf-8",
    )

    run_import(str(path))

    article = Article.objects.get()
    assert article.title == "Тег <b> и &amp;"
    assert article.lead == "<img src=x onerror=alert(1)> цитирует код &amp; так"
    assert article.body == "Текст &lt;script&gt;"


# Malformed addresses ----------------------------------------------------------------------


def test_malformed_image_addresses_are_reported_not_raised(rubric, tmp_path):
    body = (
        "<content:encoded><![CDATA[<p>Текст</p><img src='http://[::1/b.jpg'>]]></content:encoded>"
    )
    path = Path(rss(tmp_path, "http://[::1/a.jpg", body=body))
    untyped = (
        '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="http://[::1/c.jpg"/>'
    )
    path.write_text(path.read_text("utf-8").replace("</item>", untyped + "</item>"), "utf-8")

    out, err = run_import(str(path))

    assert "Created: 1, updated: 0, skipped: 0, errors: 0." in out
    assert f"http://[::1/a.jpg {UNREACHABLE}" in out
    assert err == ""


def test_a_malformed_source_address_is_a_clear_error():
    with pytest.raises(CommandError, match="Give a file path or an http"):
        run_import("http://[::1/feed.xml")


def test_a_bad_allowed_network_setting_is_a_clear_error(settings, tmp_path):
    settings.IMPORT_FETCH_ALLOWED_NETWORKS = ["intranet"]

    with pytest.raises(CommandError, match="IMPORT_FETCH_ALLOWED_NETWORKS: «intranet» is not"):
        run_import(rss(tmp_path))
