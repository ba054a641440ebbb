"""Every answer carries the security headers: public pages, feeds, errors, cached pages, admin."""

import lxml.html
import pytest
from django.http import HttpResponse
from django.urls import reverse

from portal.middleware import SecurityHeadersMiddleware

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


def test_https_deployments_upgrade_insecure_requests(settings, rf):
    settings.USE_TLS = True
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
    response = middleware(rf.get("/"))
    assert "upgrade-insecure-requests" in response.headers["Content-Security-Policy"]


def test_media_on_another_origin_is_allowed_as_images_only(settings, rf):
    settings.MEDIA_URL = "https://media.example.org/vestnik/"
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
    policy = directives(middleware(rf.get("/")).headers["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://media.example.org"]
    assert policy["script-src"] == ["'self'"]
