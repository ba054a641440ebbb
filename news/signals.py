"""What the editorial workflow tells other apps (e-mail notifications listen in channels/).

Each is sent by ``news.services`` inside the transaction that made the change, with
``article``, ``by`` (the user, or None for the system) and ``event`` (the audit entry, which
identifies this occasion: submitting the same article again is a new event).
"""

from django.dispatch import Signal

article_submitted = Signal()
article_sent_back = Signal()  # also ``note``: the chief editor's comment
article_published = Signal()  # also ``scheduled``: True when it comes out later
