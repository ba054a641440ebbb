from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REVIEW_REQUESTED = "review_requested", _("An article or a page is submitted for review")
    SENT_BACK = "sent_back", _("My article or page is sent back with a comment")
    PUBLISHED = "published", _("My article or page is published or scheduled")
    AGREEMENT_EXPIRES = (
        "agreement_expires",
        _("An agreement expires in 90, 30 or 7 days (partnerships officers)"),
    )
    PLAN_ITEM_OVERDUE = (
        "plan_item_overdue",
        _("A cooperation plan item is past its due date undone (partnerships officers)"),
    )
    AGREEMENT_ANNIVERSARY = (
        "agreement_anniversary",
        _("An anniversary of signing an agreement (partnerships officers)"),
    )


# Who can receive each kind: staff users with the permission of the work it is about
# (superusers have every permission). The profile page offers a user only these kinds, and
# only these users are mailed, so nobody gets a kind of mail they cannot switch off.
KIND_PERMISSIONS = {
    Kind.REVIEW_REQUESTED: "news.publish_article",  # those who review: chief editors
    Kind.SENT_BACK: "news.add_article",  # those who write articles
    Kind.PUBLISHED: "news.add_article",
    Kind.AGREEMENT_EXPIRES: "partnerships.change_agreement",  # those who keep the register
    Kind.PLAN_ITEM_OVERDUE: "partnerships.change_agreement",
    Kind.AGREEMENT_ANNIVERSARY: "partnerships.change_agreement",
}


def receivable_kinds(user) -> list[Kind]:
    """The kinds of mail ``user`` can receive, in the order of ``Kind``."""
    if not (user.is_active and user.is_staff):
        return []
    return [kind for kind in Kind if user.has_perm(KIND_PERMISSIONS[kind])]


def audience(users, kind):
    """Of ``users``, the staff who can receive ``kind`` (as ``receivable_kinds`` says)."""
    return holding(users, KIND_PERMISSIONS[kind])


def holding(users, permission_name: str):
    """Of ``users``, the staff with the permission ``permission_name`` (``app.codename``),
    directly or through a group; superusers have every permission."""
    from django.contrib.auth.models import Permission

    app_label, codename = permission_name.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    granted = users.model.objects.filter(
        models.Q(user_permissions__in=permission) | models.Q(groups__permissions__in=permission)
    )
    return users.filter(is_staff=True).filter(
        models.Q(is_superuser=True) | models.Q(pk__in=granted.values("pk"))
    )


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
    """One mail sent, or put into its recipient's daily digest: recorded in the transaction
    that sends (or collects) it, so a task run again (a retry, a worker killed after
    sending, the next day's check) finds it and does not send it twice."""

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


class DigestChoice(models.Model):
    """A staff user who takes one mail a day collecting their notifications."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_choice"
    )
    daily = models.BooleanField(
        _("one mail a day"),
        default=False,
        help_text=_("Collect the notifications into one mail a day instead of separate mails."),
    )

    class Meta:
        verbose_name = _("digest choice")
        verbose_name_plural = _("digest choices")
        ordering = ["user"]

    def __str__(self):
        return str(self.user)


class DigestItem(models.Model):
    """A notification waiting for its recipient's next daily digest (then deleted)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    occasion = models.CharField(_("occasion"), max_length=100)
    subject = models.CharField(_("subject"), max_length=400)
    text = models.TextField(_("text"), help_text=_("The plain text of the separate mail."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        ordering = ["user", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "occasion"], name="each_digest_item_once"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.subject}"


from channels.crossposting.models import (  # noqa: E402, F401 (the cross-posting models)
    Channel,
    ChannelPost,
    PostAttempt,
)
from channels.subscriptions.models import (  # noqa: E402, F401 (the subscriptions models)
    Announcement,
    ConfirmationRequest,
    Delivery,
    DoNotMail,
    Subscriber,
    Subscription,
)
