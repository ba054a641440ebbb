"""What the review of pages tells other apps (the editors' mails listen in channels/).

Each is sent by ``pages.services`` (the portal's workflow) inside the transaction that made
the change, with ``page``, ``by`` (the user, or None for the system) and ``event`` (the audit
entry, which identifies this occasion).
"""

from django.dispatch import Signal

page_submitted = Signal()
page_sent_back = Signal()  # also ``note``: the chief editor's comment
page_published = Signal()  # also ``scheduled``: True when it comes out later
