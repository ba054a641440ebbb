from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REVIEW_REQUESTED = "review_requested", _("An article is submitted for review")
    SENT_BACK = "sent_back", _("My article is sent back with a comment")
    PUBLISHED = "published", _("My article is published or scheduled")


class NotificationPreferenceQuerySet(models.QuerySet):
    def switched_off(self, kind):
        return self.filter(kind=kind, enabled=False)


class NotificationPreference(models.Model):
    """A staff user's choice about one kind of mail; without a row the mail is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    enabled = models.BooleanField(
        _("send me this mail"), default=True, help_text=_("Untick to stop this kind of mail.")
    )

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()}"


class SentMessage(models.Model):
    """One mail sent: recorded in the transaction that sends it, so a task run again (a retry,
    a worker killed after sending) finds it and does not send it twice."""

    kind = models.CharField(_("kind"), max_length=40)
    occasion = models.CharField(
        _("occasion"), max_length=100, help_text=_("What the mail is about, e.g. an audit entry.")
    )
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")
        ordering = ["-sent_at"]
        get_latest_by = "sent_at"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "occasion", "recipient"], name="each_message_sent_once"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.occasion} → {self.recipient}"


from channels.subscriptions.models import (  # noqa: E402, F401 (the subscriptions models)
    Announcement,
    ConfirmationRequest,
    Delivery,
    DigestRun,
    DoNotMail,
    Subscriber,
    Subscription,
)
