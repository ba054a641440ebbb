"""Every answer carries the security headers: public pages, feeds, errors, cached pages, admin."""

import lxml.html
import pytest
from django.urls import include, reverse
from django.urls import path as route

from tests.portal.test_settings import GOOD_KEY, start_django

PUBLIC_PATHS = [
    "/",
    "/news/",
    "/news/rss/",
    "/news/atom/",
    "/news/rubric/obshchestvo/",
    "/news/rubric/obshchestvo/rss/",
    "/partnerships/",
    "/events/",
    "/events/rss/",
    "/events.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/no-such-page/",
]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_secure_headers(response, *, admin=False):
    headers = response.headers
    policy = directives(headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], "scripts: same origin only, never inline"
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    if not admin:
        assert "style-src-attr" not in policy
    assert "'unsafe-eval'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_and_feeds_carry_the_headers(client, make_article, path):
    make_article("Новость с заголовками")
    first = client.get(path)
    assert first.status_code in (200, 404), first.status_code
    assert_secure_headers(first)
    second = client.get(path)
    assert_secure_headers(second)


@pytest.mark.django_db
def test_an_article_page_cached_or_not_carries_the_headers(client, make_article):
    article = make_article("Статья с заголовками")
    for expected in ("miss", "hit"):
        response = client.get(article.get_absolute_url())
        assert response.headers["X-Cache"] == expected
        assert_secure_headers(response)


@pytest.mark.django_db
def test_public_pages_need_no_inline_script_or_style(client, make_article):
    """Public templates have nothing the CSP would block: scripts come from files, JSON-LD
    is data (type application/ld+json is never executed), and there are no inline styles."""
    article = make_article("Статья без встроенных скриптов")
    for path in ["/", "/news/", article.get_absolute_url(), "/partnerships/", "/events/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        tree = lxml.html.fromstring(response.content)
        for script in tree.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (
                path,
                lxml.html.tostring(script)[:200],
            )
        assert not tree.xpath("//style"), path
        assert not tree.xpath("//*[@style]"), (path, [e.tag for e in tree.xpath("//*[@style]")])
        handlers = [a for e in tree.iter() for a in getattr(e, "attrib", {}) if a.startswith("on")]
        assert not handlers, (path, handlers)


@pytest.mark.django_db
def test_admin_pages_carry_the_headers_with_style_attributes_for_ckeditor(editor_client):
    for name in ("admin:index", "admin:news_article_add", "admin:news_article_changelist"):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200, name
        assert_secure_headers(response, admin=True)
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["style-src"] == ["'self'"]
        assert policy["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.django_db
def test_the_admin_login_page_carries_the_headers(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_secure_headers(response, admin=True)


def test_static_files_carry_the_headers(client, settings):
    (settings.STATIC_ROOT / "site.css").write_text("body { color: black; }")
    response = client.get("/static/site.css")
    assert response.status_code == 200
    assert_secure_headers(response)


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [route("boom/", boom), route("", include("config.urls"))]
handler500 = "portal.faults.server_error"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_server_error_page_carries_the_headers(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_secure_headers(response)


POLICY = "import django; django.setup(); from csp.utils import build_policy; print(build_policy())"


def policy_started_with(**environment) -> dict[str, list[str]]:
    """The policy django-csp builds from the settings of a fresh interpreter."""
    environment = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": GOOD_KEY, **environment}
    result = start_django(POLICY, **environment)
    assert result.returncode == 0, result.stderr
    return directives(result.stdout.strip().splitlines()[-1])


def test_https_deployments_upgrade_insecure_requests():
    assert "upgrade-insecure-requests" in policy_started_with(DJANGO_USE_TLS="1")
    assert "upgrade-insecure-requests" not in policy_started_with(DJANGO_USE_TLS="0")


def test_media_on_another_origin_is_allowed_as_images_only():
    policy = policy_started_with(DJANGO_MEDIA_URL="https://media.example.org/vestnik/")
    assert policy["img-src"] == ["'self'", "data:", "https://media.example.org"]
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
