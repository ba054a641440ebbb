"""Ours only because django-csp has one policy per setting, and the admin needs a second one.

In the admin, CKEditor 5 and Django's widgets set ``style`` attributes, so there the policy of
``settings.CONTENT_SECURITY_POLICY`` also allows inline style attributes (``style-src-attr``),
but still no ``<style>`` elements and never an inline script; and frames of the site itself
(the live preview beside a form: ``portal.live_preview``).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

ADMIN_UPDATE = {"style-src-attr": [UNSAFE_INLINE], "frame-src": [SELF]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/" + settings.ADMIN_URL.lstrip("/")):
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
        return parts
