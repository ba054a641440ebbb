"""Settings come from the environment; production without a real secret key refuses to start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
REPORT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'debug': s.DEBUG, 'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'host': db.get('HOST', ''), 'port': str(db.get('PORT', '')), 'user': db.get('USER', ''), "
    "'cache': s.CACHES['default']['BACKEND']}))"
)
GOOD_KEY = "k" * 20 + "-a-long-random-production-key-0123456789"
CONFIGURATION = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "VESTNIK_BENCHMARK")


def start_django(script: str = REPORT, **environment) -> subprocess.CompletedProcess:
    """Run ``django.setup()`` and ``script`` in a fresh interpreter with only the given
    configuration."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(CONFIGURATION)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def started(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "environment",
    [
        {"DJANGO_DEBUG": "0"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short-key"},
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "insecure-development-key-never-use-in-production",
        },
        {},
    ],
    ids=["no key", "empty key", "short key", "the development key", "nothing set at all"],
)
def test_production_without_a_real_secret_key_refuses_to_start(environment):
    result = start_django(**environment)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert (
        "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters"
        in result.stderr
    )


def test_development_starts_without_a_secret_key():
    assert started(start_django(DJANGO_DEBUG="1"))["debug"] is True


def test_production_starts_with_a_long_secret_key():
    assert started(start_django(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY))["debug"] is False


def test_the_default_database_is_a_sqlite_file_under_var():
    report = started(start_django(DJANGO_DEBUG="1"))

    assert report["engine"] == "django.db.backends.sqlite3"
    assert Path(report["name"]) == PROJECT / "var" / "vestnik.sqlite3"


def test_database_url_selects_the_database():
    report = started(
        start_django(
            DJANGO_DEBUG="1",
            DATABASE_URL="postgres://vestnik:secret@db.internal:5433/vestnik_production",
        )
    )

    assert report["engine"] == "django.db.backends.postgresql"
    assert (report["name"], report["host"], report["port"], report["user"]) == (
        "vestnik_production",
        "db.internal",
        "5433",
        "vestnik",
    )


def test_the_cache_is_local_memory_unless_redis_is_configured():
    local = started(start_django(DJANGO_DEBUG="1"))
    redis = started(start_django(DJANGO_DEBUG="1", REDIS_URL="redis://cache.internal:6379/1"))

    assert local["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert "redis" in redis["cache"].lower()


def test_starting_django_warns_of_no_deprecated_setting():
    result = start_django(DJANGO_DEBUG="1", PYTHONWARNINGS="error::DeprecationWarning")

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


@pytest.mark.django_db
def test_site_settings_read_an_address_without_a_scheme_as_https(admin_client):
    from portal.models import SiteSettings

    form = admin_client.get("/admin/portal/sitesettings/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name != "logo" and value}
    data.update(city_name="Алчевск", office_name="Пресс-служба", vk_url="vk.com/alchevsk")

    response = admin_client.post("/admin/portal/sitesettings/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert SiteSettings.get_solo().vk_url == "https://vk.com/alchevsk"


INSTALLED_APPS_REPORT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.INSTALLED_APPS))"
)


def installed_apps(**environment) -> list[str]:
    return started(start_django(INSTALLED_APPS_REPORT, **environment))


def test_the_benchmark_tools_are_installed_in_development_and_benchmarks_only():
    assert "bench" not in installed_apps(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY)
    assert "bench" in installed_apps(DJANGO_DEBUG="1")
    assert "bench" in installed_apps(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY, VESTNIK_BENCHMARK="1"
    )


@pytest.mark.django_db
def test_a_fresh_install_names_no_city_and_asks_for_it(admin_client):
    from portal.models import SiteSettings

    asked = "Сайт ещё не знает своего города"
    assert SiteSettings.get_solo().city_name == ""
    assert asked in admin_client.get("/admin/").content.decode()
    assert "Алчевск" not in admin_client.get("/").content.decode()

    site = SiteSettings.get_solo()
    site.city_name = "Торез"
    site.save()

    assert asked not in admin_client.get("/admin/").content.decode()
