"""E-mail settings come from EMAIL_URL; without it mails are printed (make demo)."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
REPORT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ('EMAIL_BACKEND', 'EMAIL_HOST', "
    "'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_TIMEOUT', "
    "'DEFAULT_FROM_EMAIL')}))"
)


def email_settings(**environment) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("EMAIL_", "DEFAULT_FROM_EMAIL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="1", **environment)
    result = subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_email_url_mails_are_printed():
    found = email_settings()
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["EMAIL_TIMEOUT"] == 20


def test_email_url_names_the_smtp_server_and_its_login():
    found = email_settings(
        EMAIL_URL="smtp+tls://pochta:s3kret@smtp.example.ru:587",
        EMAIL_TIMEOUT="7",
        DEFAULT_FROM_EMAIL="Пресс-служба <press@example.ru>",
    )
    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.ru",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "pochta",
        "EMAIL_HOST_PASSWORD": "s3kret",
        "EMAIL_USE_TLS": True,
        "EMAIL_TIMEOUT": 7,
        "DEFAULT_FROM_EMAIL": "Пресс-служба <press@example.ru>",
    }
