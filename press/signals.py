"""The page cache learns of every change of the section's public records.

``press`` is not one of ``settings.CONTENT_APPS``: an accreditation request sent from the
form changes no public page and must not empty the page cache, so only announcements and
press contacts invalidate it, at once and again when their transaction commits.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal.cache import invalidate_content


def _invalidate(sender, **kwargs):
    invalidate_content()
    transaction.on_commit(invalidate_content)


def connect():
    from press.models import Announcement, PressContact

    for model in (Announcement, PressContact):
        for signal in (post_save, post_delete):
            signal.connect(_invalidate, sender=model, dispatch_uid=f"press-cache-{model.__name__}")
