"""The admin site: Django's, plus the optional second factor.

``portal.admin_config.AdminConfig`` replaces ``django.contrib.admin`` in INSTALLED_APPS, so
``admin.site`` (and with it every ``@admin.register``) is this site. Staff who have turned on
an authenticator app (on the "Two-factor authentication" page) must enter its code at login;
a session that has not been verified by it does not open the admin.
"""

from django.contrib import admin
from django.urls import path

from portal.auth import AdminLoginForm, second_factor_satisfied


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    login_template = "admin/vestnik_login.html"

    def has_permission(self, request):
        """Staff who have an authenticator must have used it in this session."""
        return super().has_permission(request) and second_factor_satisfied(request.user)

    def get_urls(self):
        from portal.two_factor import two_factor

        own = [
            path(
                "two-factor/",
                self.admin_view(two_factor),
                {"admin_site": self},
                name="two-factor",
            ),
        ]
        return own + super().get_urls()
