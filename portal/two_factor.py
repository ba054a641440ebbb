"""Self-service two-factor authentication for staff: a page in the admin where each editor
turns the authenticator app on (scan the QR code, confirm with a code) or off again (with a
current code). Superusers can also manage everyone's devices under "TOTP devices"."""

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _("The code is wrong or has expired. Enter the code the app shows now."),
                code="invalid_token",
            )
        return code


@never_cache
def two_factor(request, admin_site):
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    else:
        device = confirmed
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        if confirmed is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
        else:
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-factor authentication is off."))
        return redirect("admin:two-factor")
    context = {
        **admin_site.each_context(request),
        "title": _("Two-factor authentication"),
        "enabled": confirmed is not None,
        "form": form,
    }
    if confirmed is None:
        context["qr_code"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
        context["secret"] = _grouped_base32(device)
    return TemplateResponse(request, "admin/two_factor.html", context)


def _grouped_base32(device) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
