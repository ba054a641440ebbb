"""Stored tokens are encrypted with Fernet, its key derived from ``CROSSPOST_TOKEN_KEY`` when
set, otherwise from ``SECRET_KEY`` (then a new secret key needs the tokens entered again)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    material = settings.CROSSPOST_TOKEN_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(f"crossposting:{material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(ciphertext: str) -> str:
    """The token, or "" when there is none or it was encrypted with another key."""
    if not ciphertext:
        return ""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return ""


def mask(value: str) -> str:
    """What the admin shows of a token: its last four characters."""
    if not value:
        return ""
    return "••••" + value[-4:] if len(value) > 8 else "••••"
