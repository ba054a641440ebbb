"""Editors' login: the client address for throttling and the optional one-time code.

Login attempts are throttled by django-axes per user name and client address (settings
``AXES_*``). A staff member who has confirmed a TOTP device (an authenticator app) must enter
its current code (or one of the recovery codes they were given at set-up, each good once)
along with the password; one without a device logs in with the password alone. A wrong code
counts as a failed login attempt for the throttling. Every failure gets the same answer, so that the form
never tells a guesser that the password was right (or that the account has a device).
"""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address: from X-Forwarded-For as far as our own proxies vouch for it."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Each trusted proxy appends the address it saw; the one ``proxies`` from the right
    # was seen by the outermost of them. Anything further left the client could have forged.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked-out login: the admin's page, in the admin's design."""
    from django.conf import settings
    from django.contrib import admin
    from django.template.response import TemplateResponse

    context = {
        **admin.site.each_context(request),
        "title": _("Login temporarily blocked"),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return TemplateResponse(
        request,
        "admin/lockout.html",
        context,
        # django-axes' own default, which django-stubs do not see in our settings module.
        status=settings.AXES_HTTP_RESPONSE_CODE,  # type: ignore[misc]
    ).render()


def needs_second_factor(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated and user_has_device(user, confirmed=True)


def second_factor_satisfied(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """True for staff without a device, and for staff verified by their device this session."""
    if not needs_second_factor(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def verified_device(user: AbstractBaseUser, code: str) -> Device | None:
    """The user's device that accepts ``code`` (and uses it up), or None.

    An app's code is all digits, a recovery code is not: each code is tried on the one device
    it can belong to, so a recovery code never counts as a wrong guess against the app."""
    code = "".join(code.split()).lower()
    if not code:
        return None
    app = TOTPDevice.objects.devices_for_user(user).first()
    if app is not None and code.isdigit() and len(code) == app.digits:
        device = app
    else:
        device = StaticDevice.objects.devices_for_user(user).first()
    if device is None:
        return None
    return verify_token(user, device.persistent_id, code)


class AdminLoginForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=16,
        help_text=_(
            "Only if two-factor authentication is on for your account: "
            "the six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "size": 10}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s and password for a staff account and, if "
            "two-factor authentication is on for it, the current one-time code. Note that the "
            "user name and the password may be case-sensitive."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            super().clean()
        except forms.ValidationError:
            raise self.get_invalid_login_error() from None
        user = self.get_user()
        if needs_second_factor(user):
            device = verified_device(user, self.cleaned_data.get("otp_token") or "")
            if device is None:
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
                self.user_cache = None
                raise self.get_invalid_login_error()
            # django-otp marks the session verified at login.
            user.otp_device = device  # type: ignore[attr-defined]
        return self.cleaned_data
