"""The admin site: Django's, plus the optional second factor.

``portal.admin_config.AdminConfig`` replaces ``django.contrib.admin`` in INSTALLED_APPS, so
``admin.site`` (and with it every ``@admin.register``) is this site. Staff who have turned on
an authenticator app (on the "Two-factor authentication" page) must enter its code at login;
a session that has not been verified by it does not open the admin. Every registered admin,
ours or a library's, speaks grammatical Russian (``portal.admin_russian``).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import admin, messages
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from portal.admin_russian import RussianAdminMixin
from portal.auth import AdminLoginForm, second_factor_satisfied


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    login_template = "admin/vestnik_login.html"

    def register(
        self,
        model_or_iterable: type[Model] | Iterable[type[Model]],
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RussianAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (RussianAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff who have an authenticator must have used it in this session."""
        return super().has_permission(request) and second_factor_satisfied(request.user)

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        """A fresh install does not know its city: whoever may set it is asked to."""
        from portal.models import SiteSettings

        if not SiteSettings.get_solo().city_name and request.user.has_perm(
            "portal.change_sitesettings"
        ):
            messages.warning(
                request,
                format_html(
                    gettext("The site does not know its city yet: {link}."),
                    link=format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:portal_sitesettings_change"),
                        gettext("fill in the site settings"),
                    ),
                ),
            )
        return super().index(request, extra_context)

    def get_urls(self) -> list[URLResolver | URLPattern]:
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
