"""Editors' accounts: throttled logins, strong passwords, an optional second factor, sessions
that end, and an admin that lives where the settings say."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.auth import client_ip
from tests.support import make_image_bytes

PASSWORD = "Ustoichivyi-parol-2026"
ATTACKER = "203.0.113.7"
OFFICE = "203.0.113.20"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("pyatkova", password=PASSWORD, is_staff=True)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Телефон", confirmed=True)


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client, username="pyatkova", password=PASSWORD, code="", address=OFFICE):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "otp_token": code, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def is_logged_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


# --- throttling -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_is_locked_after_five_failures_for_that_user_and_address(client, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, password="wrong-guess", address=ATTACKER)
        assert response.status_code == 200  # the form again, with its error
    assert log_in(client, password="wrong-guess", address=ATTACKER).status_code == 429

    locked = log_in(client, address=ATTACKER)  # even the right password
    assert locked.status_code == 429
    assert gettext("Too many failed login attempts. Please try again later.") in locked.text
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_the_lockout_is_per_user_and_address(client, staff, django_user_model):
    django_user_model.objects.create_user("lysenko", password=PASSWORD, is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, password="wrong-guess", address=ATTACKER)

    assert log_in(client, username="lysenko", address=ATTACKER).status_code == 302
    client.logout()
    assert log_in(client, address=OFFICE).status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_a_password_sprayed_over_many_user_names_locks_the_address(client, staff, time_machine):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    for number in range(limit - 1):
        assert log_in(client, username=f"user{number}", address=ATTACKER).status_code == 200
    assert (
        log_in(client, username="pyatkova", password="Leto-2026!", address=ATTACKER).status_code
        == 429
    )

    locked = log_in(client, address=ATTACKER)  # any account, even with its right password
    assert locked.status_code == 429
    assert gettext("Too many failed login attempts. Please try again later.") in locked.text
    assert not is_logged_in(client)
    assert log_in(client, address=OFFICE).status_code == 302  # other addresses are not affected
    client.logout()

    time_machine.move_to(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert log_in(client, address=ATTACKER).status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, staff):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, password="wrong-guess")
    assert log_in(client).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, password="wrong-guess")
    assert log_in(client).status_code == 302


def test_the_client_address_comes_from_trusted_proxies_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7"
    )
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the left part could be forged by the client
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.9"
    settings.PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"


def test_axes_checks_every_login_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


# --- passwords and sessions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["short1", "1234567890", "password123", "qwertyuiop", "pyatkova2026"]
)
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="pyatkova2026", first_name="Наталья")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_is_accepted():
    validate_password(PASSWORD)


@pytest.mark.django_db
def test_the_session_ends_with_the_browser_and_after_a_working_day(client, staff):
    assert log_in(client).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"], "a browser-session cookie"
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= 8 * 60 * 60


# --- the optional second factor -----------------------------------------------------------------


@pytest.mark.django_db
def test_staff_without_an_authenticator_log_in_with_the_password(client, staff):
    assert log_in(client).status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_staff_with_an_authenticator_need_its_code(client, staff, device):
    response = log_in(client)
    assert response.status_code == 200
    assert "otp_token" in response.context["form"].errors or response.context["form"].errors
    assert not is_logged_in(client)

    assert log_in(client, code="000000").status_code == 200
    assert not is_logged_in(client)

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    assert log_in(client, code=current_code(device)).status_code == 302
    assert is_logged_in(client)


def what_the_guesser_sees(response) -> tuple[int, str]:
    """The answer less its one-time CSRF token, which differs in every response."""
    return response.status_code, re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text
    )


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "wrong"], ids=["no code", "wrong code"])
def test_the_answer_does_not_tell_whether_the_password_was_right(client, staff, device, code):
    if code == "wrong":
        code = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    wrong_password = log_in(client, password="wrong-guess", code=code)
    right_password = log_in(client, code=code)

    assert what_the_guesser_sees(right_password) == what_the_guesser_sees(wrong_password)
    assert 'name="csrfmiddlewaretoken"' in right_password.text
    assert wrong_password.status_code == 200
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_the_password_is_not_sent_back_when_the_code_is_missing(client, staff, device):
    response = log_in(client)
    assert PASSWORD not in response.text


@pytest.mark.django_db
def test_wrong_codes_count_as_failed_logins(client, staff, device):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, code="000000", address=ATTACKER)
    assert log_in(client, code=current_code(device), address=ATTACKER).status_code == 429


@pytest.mark.django_db
def test_a_session_without_the_second_factor_does_not_open_the_admin(client, staff, device):
    client.force_login(staff)  # e.g. a session from before the authenticator was set up
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))

    upload = make_image_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("portal:editor-image-upload"),
        {"upload": SimpleUploadedFile("a.jpg", upload, content_type="image/jpeg")},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_login_page_offers_the_code_field(client):
    response = client.get(reverse("admin:login"))
    assert 'name="otp_token"' in response.text
    assert 'autocomplete="one-time-code"' in response.text


# --- the admin's address ------------------------------------------------------------------------


def test_the_admin_moves_with_its_setting(tmp_path):
    script = """
import django
django.setup()
from django.test import RequestFactory
from django.urls import resolve, reverse
assert reverse("admin:index") == "/redakciya-7f3a/", reverse("admin:index")
assert resolve("/redakciya-7f3a/login/").url_name == "login"
from django.urls import get_resolver
# Nothing is routed at /admin/ any more (resolving it would ask the editable pages' catch-all,
# which reads the database).
routes = [str(pattern.pattern) for pattern in get_resolver().url_patterns]
assert not any(route.startswith("admin/") for route in routes), routes
# The view itself, past the page cache: there is no database here.
robots_txt = resolve("/robots.txt").func
robots = robots_txt(RequestFactory().get("/robots.txt", HTTP_HOST="localhost")).content.decode()
assert "Disallow: /redakciya-7f3a/" in robots, robots
assert "/admin/" not in robots, robots
print("ok")
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ADMIN_URL": "redakciya-7f3a/",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


# --- turning the second factor on and off ---------------------------------------------------


@pytest.mark.django_db
def test_an_editor_turns_the_authenticator_on_and_then_needs_it(client, staff):
    assert log_in(client).status_code == 302
    url = reverse("admin:two-factor")
    assert f'href="{url}"' in client.get(reverse("admin:index")).text

    response = client.get(url)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.text
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")

    assert client.post(url, {"code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(url, {"code": current_code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert is_logged_in(client), "this session is verified by the code just entered"

    client.logout()
    assert log_in(client).status_code == 200
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_turning_it_off_takes_a_current_code(client, staff, device):
    device.throttle_reset()
    assert log_in(client, code=current_code(device)).status_code == 302
    url = reverse("admin:two-factor")
    assert "data:image/svg+xml" not in client.get(url).text

    device.refresh_from_db()
    device.last_t = -1  # the login just used this time step's code
    device.save()
    assert client.post(url, {"code": current_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client.logout()
    assert log_in(client).status_code == 302
