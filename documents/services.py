"""Writes on documents that the admin and the demo share."""

from documents.models import Document


def mark_repealed(document: Document, *, by=None) -> bool:
    """Mark ``document`` «no longer in force» (an editor's explicit choice when another
    document repeals it); False if it already was."""
    if document.status == Document.Status.REPEALED:
        return False
    document.status = Document.Status.REPEALED
    document.updated_by = by
    document.save(update_fields=["status", "updated_at", "updated_by"])
    return True
