"""The subscribers' mails: a plain-text and an HTML part, links only to this site, no images,
and the one-click unsubscribe of RFC 8058 in the headers of every mail about content."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext

from channels.subscriptions.links import manage_url, unsubscribe_url
from portal.models import SiteSettings

TEMPLATES = "channels/subscribe/mail"


def message(name: str, subject: str, to: str, context: dict, headers=None):
    context = {
        **context,
        "site": SiteSettings.get_solo(),
        "site_url": settings.SITE_URL,
        "subject": subject,
    }
    text = render_to_string(f"{TEMPLATES}/{name}.txt", context)
    html = render_to_string(f"{TEMPLATES}/{name}.html", context)
    mail = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
    )
    mail.attach_alternative(html, "text/html")
    return mail


def confirmation(to: str, confirm_url: str):
    context = {"confirm_url": confirm_url, "hours": settings.SUBSCRIPTIONS_CONFIRM_HOURS}
    return message("confirm", gettext("Confirm your subscription"), to, context)


def items(subscriber, subject: str, entries: list[dict]):
    """A mail about ``entries`` (``title``, ``summary``, ``url``, ``kind``) to ``subscriber``."""
    unsubscribe = unsubscribe_url(subscriber)
    context = {
        "entries": entries,
        "manage_url": manage_url(subscriber),
        "unsubscribe_url": unsubscribe,
        "subscriber": subscriber,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"<news.{urlsplit(settings.SITE_URL).hostname}>",
        "Auto-Submitted": "auto-generated",
    }
    return message("items", subject, subscriber.email, context, headers)
