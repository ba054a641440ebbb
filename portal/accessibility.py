"""The mode for visually impaired readers (ГОСТ Р 52872-2019): type size, colour scheme,
images and letter spacing, remembered per visitor in a cookie and applied server-side, so
it works without JavaScript."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.cache import reads_query

COOKIE_NAME = "vision"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

SIZES = {"1": _("Normal type"), "2": _("Large type"), "3": _("Largest type")}
SCHEMES = {
    "bw": _("Black on white"),
    "wb": _("White on black"),
    "blue": _("Dark blue on light blue"),
}


@dataclass(frozen=True)
class VisionPreferences:
    enabled: bool = False
    size: str = "1"
    scheme: str = "bw"
    images: bool = True
    wide_spacing: bool = False

    @classmethod
    def from_cookie(cls, value: str | None) -> "VisionPreferences":
        """Parse ``on.<size>.<scheme>.<img>.<spacing>``; anything malformed means off."""
        parts = (value or "").split(".")
        if len(parts) != 5 or parts[0] != "on":
            return cls()
        _on, size, scheme, images, spacing = parts
        return cls(
            enabled=True,
            size=size if size in SIZES else "1",
            scheme=scheme if scheme in SCHEMES else "bw",
            images=images != "0",
            wide_spacing=spacing == "1",
        )

    def to_cookie(self) -> str:
        return ".".join(
            [
                "on",
                self.size,
                self.scheme,
                "1" if self.images else "0",
                "1" if self.wide_spacing else "0",
            ]
        )

    @property
    def css_classes(self) -> str:
        if not self.enabled:
            return ""
        classes = ["vision", f"vision-size-{self.size}", f"vision-{self.scheme}"]
        if not self.images:
            classes.append("vision-no-images")
        if self.wide_spacing:
            classes.append("vision-wide-spacing")
        return " ".join(classes)


def preferences(request: HttpRequest) -> VisionPreferences:
    return VisionPreferences.from_cookie(request.COOKIES.get(COOKIE_NAME))


@reads_query("size", "scheme", "images", "spacing", "next")
@require_GET
@never_cache
def set_vision(request: HttpRequest) -> HttpResponseRedirect:
    """Change one preference (or turn the mode on/off) and go back to the page."""
    current = preferences(request)
    params = request.GET
    values: dict[str, Any] = {
        "enabled": True,
        "size": params.get("size") if params.get("size") in SIZES else current.size,
        "scheme": params.get("scheme") if params.get("scheme") in SCHEMES else current.scheme,
        "images": current.images if "images" not in params else params["images"] != "0",
        "wide_spacing": (
            current.wide_spacing if "spacing" not in params else params["spacing"] == "1"
        ),
    }
    next_url = params.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if params.get("mode") == "off":
        response.delete_cookie(COOKIE_NAME)
    else:
        response.set_cookie(
            COOKIE_NAME,
            VisionPreferences(**values).to_cookie(),
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
