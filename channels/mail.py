"""Mails from templates: ``templates/mail/<name>.txt`` and ``.html``, in Russian, sent once."""

import logging
import smtplib
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from channels.models import SentMessage
from portal.models import SiteSettings

logger = logging.getLogger(__name__)

# What the SMTP server answers about one mail or one recipient (a mailbox refused, 4xx or
# 5xx): the connection still serves the other recipients.
REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)

# The plain-text signature delimiter (RFC 3676) that templates/mail/base.txt puts before
# the footer: what comes before it is the mail's own content.
SIGNATURE = "\n-- \n"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _context(context: dict) -> dict:
    return {**context, "site": SiteSettings.get_solo(), "site_url": settings.SITE_URL}


def render(name: str, subject: str, to: str, context: dict) -> EmailMultiAlternatives:
    context = _context(context)
    text = render_to_string(f"mail/{name}.txt", context)
    html = render_to_string(f"mail/{name}.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def content_text(name: str, context: dict) -> str:
    """The plain text of mail ``name`` without its footer (what a digest quotes)."""
    text = render_to_string(f"mail/{name}.txt", _context(context))
    return text.split(SIGNATURE, 1)[0].strip()


def record_once(*, kind: str, occasion: str, to: str) -> bool:
    """Record that ``to`` gets the mail about ``occasion``; False if they got it before.
    Call inside the transaction that sends it."""
    try:
        with transaction.atomic():
            SentMessage.objects.create(kind=kind, occasion=occasion, recipient=to)
    except IntegrityError:
        return False
    return True


def send_once(*, kind: str, occasion: str, to: str, name: str, subject, context: dict) -> bool:
    """Send the mail unless it was sent before; False if it was. An SMTP failure raises
    (and records nothing), so the task fails and is retried."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        if not record_once(kind=kind, occasion=occasion, to=to):
            return False
        render(name, str(subject), to, context).send()
    return True


class Refusals:
    """Mailing many from one task: a mail the server refuses does not hold back the others.

    Wrap each recipient's sending in ``with refusals.each():``; a refusal is logged and the
    loop goes on; then ``raise_first()`` fails the task, so the queue retries it with
    back-off, and the retry sends only what is still unsent (the rest is recorded). A server
    that is down or drops the connection is not a refusal: that raises at once, as every
    other recipient would fail the same way.
    """

    def __init__(self):
        self.first = None

    @contextmanager
    def each(self):
        try:
            yield
        except REFUSALS as error:
            logger.warning("The SMTP server refused a mail (it is retried later): %s", error)
            self.first = self.first or error

    def raise_first(self) -> None:
        if self.first is not None:
            raise self.first


class Pacer:
    """At most ``rate`` mails a second from one sending loop (0: no limit).

    Residents' mail goes out at a steady rate rather than as fast as the worker can render
    it: on a small server the worker shares the CPU with the web workers, and an SMTP relay
    limits a sender's rate anyway. Call ``wait()`` before each mail, outside any transaction.
    """

    def __init__(self, rate: float):
        self.interval = 1 / rate if rate > 0 else 0.0
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval
