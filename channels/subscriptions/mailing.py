"""The subscribers' mails: a plain-text and an HTML part, links only to this site, no images,
and the one-click unsubscribe of RFC 8058 in the headers of every mail about content."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext

from channels.subscriptions.links import manage_url, unsubscribe_url
from portal.models import SiteSettings

TEMPLATES = "channels/subscribe/mail"


def render(name: str, subject: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML parts of mail ``name``."""
    context = {
        **context,
        "site": SiteSettings.get_solo(),
        "site_url": settings.SITE_URL,
        "subject": subject,
    }
    text = render_to_string(f"{TEMPLATES}/{name}.txt", context)
    html = render_to_string(f"{TEMPLATES}/{name}.html", context)
    return text, html


def assemble(subject: str, to: str, text: str, html: str, headers=None):
    mail = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
    )
    mail.attach_alternative(html, "text/html")
    return mail


def message(name: str, subject: str, to: str, context: dict, headers=None):
    return assemble(subject, to, *render(name, subject, context), headers)


def confirmation(to: str, confirm_url: str):
    context = {"confirm_url": confirm_url, "hours": settings.SUBSCRIPTIONS_CONFIRM_HOURS}
    return message("confirm", gettext("Confirm your subscription"), to, context)


class ItemsMail:
    """A mail about ``entries`` (``title``, ``summary``, ``url``, ``kind``), rendered once for
    any number of subscribers.

    Only the address and the two signed links differ from one subscriber to the next, so the
    parts are rendered with markers in their place and each subscriber's mail substitutes
    them: rendering both templates is most of what a mail costs the worker, and a mailing of
    thousands shares the CPU with the web workers.
    """

    # Private-use characters: the templates and HTML escaping leave them as they are, and
    # no title or summary is expected to hold them.
    EMAIL, MANAGE, UNSUBSCRIBE = "\ue000email\ue000", "\ue000manage\ue000", "\ue000unsub\ue000"

    def __init__(self, subject: str, entries: list[dict]):
        self.subject = subject
        self.headers = {
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<news.{urlsplit(settings.SITE_URL).hostname}>",
            "Auto-Submitted": "auto-generated",
        }
        context = {
            "entries": entries,
            "manage_url": self.MANAGE,
            "unsubscribe_url": self.UNSUBSCRIBE,
            "subscriber": {"email": self.EMAIL},
        }
        self.text, self.html = render("items", subject, context)

    def to(self, subscriber) -> EmailMultiAlternatives:
        links = {
            self.EMAIL: subscriber.email,
            self.MANAGE: manage_url(subscriber),
            self.UNSUBSCRIBE: unsubscribe_url(subscriber),
        }
        text, html = self.text, self.html
        for marker, value in links.items():
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        headers = {**self.headers, "List-Unsubscribe": f"<{links[self.UNSUBSCRIBE]}>"}
        return assemble(self.subject, subscriber.email, text, html, headers)


def items(subscriber, subject: str, entries: list[dict]) -> EmailMultiAlternatives:
    """The mail about ``entries`` to one ``subscriber`` (a digest: its own entries)."""
    return ItemsMail(subject, entries).to(subscriber)
