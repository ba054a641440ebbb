import datetime
import email
import email.policy
import io
import re
import socket
import zoneinfo

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from portal import roles
from portal.queue import LeasingWorker
from tests.partnerships.conftest import (  # noqa: F401 (fixtures shared with these tests)
    home_city,
    make_agreement,
    make_plan,
    torez,
)
from tests.workflow.conftest import (  # noqa: F401 (fixtures shared with these tests)
    author,
    chief,
    make_staff,
    role_groups,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What a real SMTP server on loopback received, parsed with the email package."""

    def __init__(self):
        self.envelopes = []
        self.refused = set()  # addresses the server answers «550» at RCPT TO

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self):
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]


@pytest.fixture
def smtp_settings(settings):
    """Mail goes over SMTP to 127.0.0.1:<a free port>, where nothing listens yet."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://vestnik.example.ru"
    settings.DEFAULT_FROM_EMAIL = "Вестник <vestnik@example.ru>"
    return settings


@pytest.fixture
def start_smtp(smtp_settings):
    """Start the SMTP server (on the port the settings name); returns its inbox."""
    controllers = []

    def start():
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp(start_smtp):
    return start_smtp()


def run_tasks():
    """What a worker does in one round: reclaim, then run every task that is ready."""
    LeasingWorker(
        queue_names=["default"],
        interval=0,
        backend_name="default",
        startup_delay=False,
        worker_id="test-worker",
        once=True,
    ).run()


def staff_with_address(make_staff, role):  # noqa: F811
    """A builder of staff users with ``role`` and an address unless told otherwise."""

    def build(username, **fields):
        user = make_staff(username, role)
        fields.setdefault("email", f"{username}@example.ru")
        for name, value in fields.items():
            setattr(user, name, value)
        user.save()
        return user

    return build


@pytest.fixture
def make_chief(make_staff):  # noqa: F811
    return staff_with_address(make_staff, roles.CHIEF_EDITOR)


@pytest.fixture
def make_officer(make_staff):  # noqa: F811
    return staff_with_address(make_staff, roles.PARTNERSHIPS_OFFICER)


MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
SITE = "https://vestnik.example.ru"


def parts(message):
    """The plain-text and the HTML part of a received mail."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def admin_link(name, pk):
    return f"{SITE}{reverse(name, args=[pk])}"


def daily_checks():
    """The daily check as cron starts it (a worker does the same), then a worker's round."""
    call_command("run_daily_checks", stdout=io.StringIO())
    run_tasks()


def check_on(time_machine, day):
    """The daily check at 10:00 in Moscow on ``day``."""
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), MOSCOW), tick=False)
    daily_checks()


@pytest.fixture
def officer(make_officer):
    return make_officer("partnery")
