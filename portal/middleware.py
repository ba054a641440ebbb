"""Security headers that Django's own SecurityMiddleware does not set.

SecurityMiddleware adds X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy (and HSTS under TLS); XFrameOptionsMiddleware adds X-Frame-Options.
This middleware sits outside the page cache and WhiteNoise, so every answer, cached or not,
static or not, also carries the Content-Security-Policy and the Permissions-Policy, and the
headers above are guaranteed even where the inner middleware did not run.

Public pages have no inline scripts or styles and load nothing from other origins. In the
admin, CKEditor 5 and Django's widgets set ``style`` attributes, so the admin allows inline
style attributes (``style-src-attr``) but no ``<style>`` elements; scripts stay same-origin
everywhere, never inline.
"""

from urllib.parse import urlsplit

from django.conf import settings

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


def content_security_policy(*, admin: bool, extra_img_sources: str = "", tls: bool = False) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        # CKEditor 5 and the admin's widgets set style attributes; <style> elements stay out.
        **({"style-src-attr": "'unsafe-inline'"} if admin else {}),
        "img-src": f"'self' data: {extra_img_sources}".strip(),
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "object-src": "'none'",
        "frame-src": "'none'",
        "worker-src": "'self'",
        "manifest-src": "'self'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    policy = "; ".join(f"{name} {value}" for name, value in directives.items())
    return policy + ("; upgrade-insecure-requests" if tls else "")


def _media_origin() -> str:
    """The origin of MEDIA_URL when media lives elsewhere (S3-compatible storage)."""
    parts = urlsplit(settings.MEDIA_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and the basic headers on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")
        tls = getattr(settings, "USE_TLS", False)
        media = _media_origin()
        self.public_policy = content_security_policy(admin=False, extra_img_sources=media, tls=tls)
        self.admin_policy = content_security_policy(admin=True, extra_img_sources=media, tls=tls)

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(self.admin_prefix)
        headers = response.headers
        headers.setdefault(
            "Content-Security-Policy", self.admin_policy if is_admin else self.public_policy
        )
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        headers.setdefault(
            "Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        )
        if not getattr(response, "xframe_options_exempt", False):
            headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
