"""Production settings pass Django's deployment checklist with nothing to warn about."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CONFIGURATION = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "SITE_URL")


def manage(*args, **environment) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith(CONFIGURATION)}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_environment(**overrides) -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        **overrides,
    }


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_reports_nothing_behind_redis_and_postgres():
    environment = production_environment(
        DATABASE_URL="postgres://vestnik@db.internal:5432/vestnik",
        REDIS_URL="redis://cache.internal:6379/1",
        DJANGO_ADMIN_URL="redakciya-7f3a/",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_does_warn_when_tls_is_switched_off():
    """The check is real: without TLS it complains about HSTS, cookies and the redirect."""
    environment = production_environment(DJANGO_USE_TLS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout, check


def site_url(**environment) -> str:
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)", **environment
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_site_url_is_derived_from_the_configured_host():
    environment = production_environment(DJANGO_ALLOWED_HOSTS="vestnik.example.ru,localhost")

    assert site_url(**environment) == "https://vestnik.example.ru"


def test_an_explicit_site_url_wins():
    environment = production_environment(SITE_URL="https://news.example.ru")

    assert site_url(**environment) == "https://news.example.ru"


def test_check_deploy_fails_while_the_site_url_is_a_loopback_address():
    for url in ("http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]/"):
        result = manage("check", "--deploy", **production_environment(SITE_URL=url))
        assert result.returncode != 0, url
        assert "vestnik.E001" in result.stderr + result.stdout, url


def test_check_deploy_fails_when_no_public_host_is_configured():
    result = manage("check", "--deploy", **production_environment(DJANGO_ALLOWED_HOSTS="*"))

    assert result.returncode != 0
    assert "vestnik.E001" in result.stderr + result.stdout
