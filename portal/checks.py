"""Deployment checks of our own settings, run by ``manage.py check --deploy``."""

import ipaddress
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if not host or host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or not is_loopback(settings.SITE_URL):
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: links sent outside the site (the preview "
            "links for external approvers) would point at this machine.",
            hint="Set SITE_URL to the site's public address, e.g. https://vestnik.example.ru, "
            "or put that host first in DJANGO_ALLOWED_HOSTS.",
            id="vestnik.E001",
        )
    ]


@register(Tags.security)
def check_private_media_root(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Private files under MEDIA_ROOT would be served to anyone by the reverse proxy."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if not (private == media or private.is_relative_to(media)):
        return []
    return [
        Error(
            f"DJANGO_PRIVATE_MEDIA_ROOT ({private}) is inside DJANGO_MEDIA_ROOT ({media}): "
            "agreements' documents would be reachable at /media/ addresses.",
            hint="Point DJANGO_PRIVATE_MEDIA_ROOT at a folder outside DJANGO_MEDIA_ROOT.",
            id="vestnik.E002",
        )
    ]
