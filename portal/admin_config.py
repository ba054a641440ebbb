from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` whose default site (``admin.site``) is ours."""

    default_site = "portal.admin_site.AdminSite"
