"""Recovery codes: staff who lose their phone still get in, with one of the codes shown once
when they turned the authenticator on — each code once."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.test_admin_accounts import (
    PASSWORD,
    current_code,
    is_logged_in,
    log_in,
    what_the_guesser_sees,
)
from tests.support import page

pytestmark = pytest.mark.django_db
URL = "/admin/two-factor/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("pyatkova", password=PASSWORD, is_staff=True)


def shown_codes(response) -> list[str]:
    tree = page(response)
    return [code.text_content() for code in tree.xpath("//*[@class='two-factor__codes']//code")]


def turn_on(client) -> tuple[TOTPDevice, list[str]]:
    """Logs in, turns the authenticator on with its code: the device and the codes shown."""
    assert log_in(client).status_code == 302
    assert client.get(URL).status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(URL, {"code": current_code(device)}, follow=True)
    device.refresh_from_db()
    assert device.confirmed
    return device, shown_codes(response)


def fresh_step(device):
    """Lets the test use the app's code again within the same 30 seconds."""
    device.refresh_from_db()
    device.last_t = -1
    device.save()


def forgive_wrong_codes(user):
    """django-otp slows down guessing after a wrong recovery code: the next try waits."""
    for device in StaticDevice.objects.filter(user=user):
        device.throttle_reset()


def test_setting_up_the_authenticator_shows_ten_codes_once(client, staff):
    assert reverse("admin:two-factor") == URL
    _device, codes = turn_on(client)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    revisit = client.get(URL)
    assert shown_codes(revisit) == []
    assert not any(code in revisit.text for code in codes)
    assert "10" in page(revisit).xpath(
        "string(//form[.//input[@value='regenerate']]/preceding-sibling::p[1])"
    )


def test_a_recovery_code_logs_in_once(client, staff):
    device, codes = turn_on(client)
    client.logout()

    assert log_in(client, code=codes[0]).status_code == 302
    assert is_logged_in(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0, "a recovery code is no wrong guess at the app"

    client.logout()
    assert log_in(client, code=codes[0]).status_code == 200
    assert not is_logged_in(client)
    forgive_wrong_codes(staff)
    assert log_in(client, code=codes[1].upper().replace("", " ").strip()).status_code == 302
    assert is_logged_in(client)


def test_a_wrong_password_does_not_use_up_a_code_and_looks_like_any_failure(client, staff):
    _device, codes = turn_on(client)
    client.logout()

    assert log_in(client, password="wrong-guess", code=codes[0]).status_code == 200
    wrong_password = log_in(client, password="wrong-guess", code="zzzzzzzz")
    right_password = log_in(client, code="zzzzzzzz")
    assert what_the_guesser_sees(wrong_password) == what_the_guesser_sees(right_password)
    assert not is_logged_in(client)

    forgive_wrong_codes(staff)
    assert log_in(client, code=codes[0]).status_code == 302


def test_new_codes_replace_the_old_ones_and_are_shown_once(client, staff):
    device, old_codes = turn_on(client)
    fresh_step(device)

    assert client.post(URL, {"action": "regenerate", "code": "000000"}).status_code == 200
    device.throttle_reset()
    response = client.post(
        URL, {"action": "regenerate", "code": current_code(device)}, follow=True
    )
    new_codes = shown_codes(response)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists(), "still on"
    assert shown_codes(client.get(URL)) == []

    client.logout()
    assert log_in(client, code=old_codes[2]).status_code == 200
    forgive_wrong_codes(staff)
    assert log_in(client, code=new_codes[2]).status_code == 302


def test_who_lost_the_phone_turns_it_off_with_a_recovery_code(client, staff):
    _device, codes = turn_on(client)
    client.logout()
    assert log_in(client, code=codes[0]).status_code == 302

    assert client.post(URL, {"code": codes[1]}).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    client.logout()
    assert log_in(client).status_code == 302, "the password alone again"
    assert log_in(client, code=codes[2]).status_code == 302, "codes are gone: nothing to check"


@pytest.mark.parametrize("code", ["x" * 16, "12345678", "<script>", "١٢٣٤٥٦", "\u0000"])
def test_odd_codes_are_refused_without_an_error(client, staff, code):
    _device, _codes = turn_on(client)
    assert client.post(URL, {"action": "regenerate", "code": code}).status_code == 200
    client.logout()
    assert log_in(client, code=code).status_code == 200
    assert not is_logged_in(client)
