"""The subscribers, what each follows, and what was announced and delivered to whom.

Imported by ``channels.models``, so these are the ``channels`` app's models.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from news.models import Article, Rubric
from partnerships.models import Agreement, Event


def address_hash(value: str) -> str:
    """An address or a client's IP as an HMAC-SHA256 keyed by SECRET_KEY: comparable, but
    not reversible without the key."""
    return salted_hmac(
        "vestnik.subscriptions", value.strip().lower(), algorithm="sha256"
    ).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as it is published")
    DAILY = "daily", _("Once a day, in a digest")


class Topic(models.TextChoices):
    NEWS = "news", _("All news")
    RUBRIC = "rubric", _("News of a rubric")
    AGREEMENT = "agreement", _("News and events of an agreement")
    EVENTS = "events", _("Upcoming events")


class SubscriberQuerySet(models.QuerySet):
    def following_article(self, article: Article):
        """Subscribers an article is news for: all news, its rubric, a published agreement
        it is about."""
        agreements = Agreement.objects.public().filter(articles=article).values("pk")
        topics = Subscription.objects.filter(
            Q(topic=Topic.NEWS)
            | Q(topic=Topic.RUBRIC, rubric_id=article.rubric_id)
            | Q(topic=Topic.AGREEMENT, agreement__in=agreements)
        )
        return self.filter(pk__in=topics.values("subscriber"))

    def following_event(self, event: Event):
        topics = Q(topic=Topic.EVENTS)
        if event.agreement_id:
            topics |= Q(topic=Topic.AGREEMENT, agreement_id=event.agreement_id)
        return self.filter(pk__in=Subscription.objects.filter(topics).values("subscriber"))


class Subscriber(models.Model):
    """A confirmed address (there are no unconfirmed ones) with the consent it gave."""

    email = models.EmailField(_("e-mail"), unique=True)
    frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    consent_text = models.TextField(
        _("consent text"), help_text=_("The consent to processing personal data, as agreed to.")
    )
    consented_at = models.DateTimeField(
        _("consent given at"), help_text=_("When the form with the consent was sent.")
    )
    confirmed_at = models.DateTimeField(
        _("confirmed at"), help_text=_("When the link in the confirmation mail was followed.")
    )
    # In every signed link instead of the id, which SQLite may give a later subscriber.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    last_digest_on = models.DateField(_("last digest"), null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-confirmed_at", "-id"]
        get_latest_by = "confirmed_at"

    def __str__(self):
        return self.email


class Subscription(models.Model):
    """One thing a subscriber follows."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(_("what"), max_length=20, choices=Topic.choices)
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, null=True, blank=True
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["subscriber", "topic", "id"]
        indexes = [models.Index(fields=["topic", "rubric"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(topic=Topic.RUBRIC, rubric__isnull=False, agreement__isnull=True)
                    | Q(topic=Topic.AGREEMENT, agreement__isnull=False, rubric__isnull=True)
                    | Q(topic__in=[Topic.NEWS, Topic.EVENTS], rubric=None, agreement=None)
                ),
                name="subscription_names_what_its_topic_needs",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic"],
                condition=Q(topic__in=[Topic.NEWS, Topic.EVENTS]),
                name="subscription_topic_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "rubric"],
                condition=Q(rubric__isnull=False),
                name="subscription_rubric_once",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "agreement"],
                condition=Q(agreement__isnull=False),
                name="subscription_agreement_once",
            ),
        ]

    def __str__(self):
        return str(self.rubric or self.agreement or self.get_topic_display())


class DoNotMail(models.Model):
    """An address that unsubscribed or was erased, kept only as its hash."""

    address_hash = models.CharField(max_length=64, unique=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("do-not-mail entry")
        verbose_name_plural = _("do-not-mail list")
        ordering = ["-added_at"]

    def __str__(self):
        return self.address_hash[:12]


class ConfirmationRequest(models.Model):
    """A confirmation mail asked for: counted for the limits, and marked once it is mailed
    so that a retried task does not mail it twice. Rows older than a day are removed."""

    address_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["address_hash", "requested_at"]),
            models.Index(fields=["client_hash", "requested_at"]),
        ]

    def __str__(self):
        return f"{self.address_hash[:12]} {self.requested_at:%Y-%m-%d %H:%M}"


class Announcement(models.Model):
    """An article or event mailed to its subscribers: made once, so editing or publishing it
    again mails nobody a second time."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, null=True, blank=True)
    event = models.OneToOneField(Event, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) ^ Q(event__isnull=True),
                name="announcement_of_one_thing",
            ),
        ]

    def __str__(self):
        return str(self.article or self.event)

    @property
    def item(self):
        return self.article or self.event


class Delivery(models.Model):
    """An announcement owed to one subscriber; ``sent_at`` is set in the transaction that
    mails it. Deleted with the subscriber."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subscriber", "sent_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscriber"], name="delivery_once_per_subscriber"
            ),
        ]

    def __str__(self):
        return f"{self.announcement} → {self.subscriber_id}"
