"""Self-service two-factor authentication for staff: a page in the admin where each editor
turns the authenticator app on (scan the QR code, confirm with a code) or off again, and gets
recovery codes for the day the phone is lost. Superusers can also manage everyone's devices
under "TOTP devices" and "Static devices"."""

from base64 import b32encode
from collections.abc import Callable
from typing import Any, cast

import segno
from django import forms
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.auth import verified_device

DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
# The codes just made, kept until the next page view shows them (once).
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
REGENERATE = "regenerate"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "size": 10}),
    )

    def __init__(self, *args: Any, check: Callable[[str], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not self.check(code):
            raise forms.ValidationError(
                _("The code is wrong or has expired. Enter the code the app shows now."),
                code="invalid_token",
            )
        return code


class AppOrRecoveryCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "size": 10}),
    )


@transaction.atomic
def new_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Fresh recovery codes for ``user``; the ones given before stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@never_cache
def two_factor(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    user = cast(AbstractBaseUser, request.user)  # admin_view lets in logged-in staff only
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is None:
        return _set_up(request, admin_site)
    data = request.POST if request.method == "POST" else None
    regenerate = data is not None and data.get("action") == REGENERATE

    def check(code: str) -> bool:
        return verified_device(user, code) is not None

    off_form = AppOrRecoveryCodeForm(None if regenerate else data, check=check, auto_id="off_%s")
    regenerate_form = AppOrRecoveryCodeForm(
        data if regenerate else None, check=check, auto_id="regenerate_%s"
    )
    posted = regenerate_form if regenerate else off_form
    if data is not None and posted.is_valid():
        if regenerate:
            request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(user)
            messages.success(
                request, _("New recovery codes are made; the old ones no longer work.")
            )
        else:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off."))
        return redirect("admin:two-factor")
    context = {
        **admin_site.each_context(request),
        "title": _("Two-factor authentication"),
        "enabled": True,
        "form": off_form,
        "regenerate_form": regenerate_form,
        "new_codes": request.session.pop(NEW_CODES_SESSION_KEY, None),
        "codes_left": recovery_codes_left(user),
    }
    return TemplateResponse(request, "admin/two_factor.html", context)


def _set_up(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    user = cast(AbstractBaseUser, request.user)  # admin_view lets in logged-in staff only
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    data = request.POST if request.method == "POST" else None
    form = CodeForm(data, check=device.verify_token)
    if data is not None and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[NEW_CODES_SESSION_KEY] = new_recovery_codes(user)
        messages.success(request, _("Two-factor authentication is on."))
        return redirect("admin:two-factor")
    context = {
        **admin_site.each_context(request),
        "title": _("Two-factor authentication"),
        "enabled": False,
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": _grouped_base32(device),
    }
    return TemplateResponse(request, "admin/two_factor.html", context)


def _grouped_base32(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
