"""What the chief editor configures (``Channel``), what each article sends (``ChannelPost``)
and every try at sending it (``PostAttempt``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from channels.crossposting import secrets


class Network(models.TextChoices):
    TELEGRAM = "telegram", _("Telegram channel")
    VK = "vk", _("VK community")
    OK = "ok", _("OK group")


class ChannelQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class Channel(models.Model):
    """One network's account of the office: where posts go and with which token.

    A token given in the environment (``CROSSPOST_<NETWORK>_TOKEN``) wins over a stored one;
    a stored one is kept encrypted (``secrets``) and never shown back in full.
    """

    network = models.CharField(_("network"), max_length=20, choices=Network.choices, unique=True)
    enabled = models.BooleanField(
        _("post to it"),
        default=False,
        help_text=_("Published articles go out to this channel only while this is ticked."),
    )
    target = models.CharField(
        _("channel or group"),
        max_length=100,
        help_text=_(
            "Telegram: the channel's @name or numeric id (the bot must be its administrator). "
            "VK: the community's numeric id, without the minus. OK: the group's numeric id."
        ),
    )
    application_key = models.CharField(
        _("application key"),
        max_length=100,
        blank=True,
        help_text=_("OK only: the public key of the office's OK application."),
    )
    token_ciphertext = models.TextField(editable=False, blank=True)
    secret_ciphertext = models.TextField(editable=False, blank=True)
    rubrics = models.ManyToManyField(
        "news.Rubric",
        verbose_name=_("rubrics posted by default"),
        blank=True,
        related_name="+",
        help_text=_(
            "Articles of these rubrics are ticked for this channel by default; none chosen: "
            "articles of every rubric. The editor can still change it for each article."
        ),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("cross-posting channel")
        verbose_name_plural = _("cross-posting channels")
        ordering = ["network"]
        get_latest_by = "updated_at"

    def __str__(self):
        return self.get_network_display()

    def get_absolute_url(self):
        return reverse("admin:channels_channel_change", args=[self.pk])

    @property
    def token(self) -> str:
        from_env = settings.CROSSPOST_TOKENS.get(self.network, "")
        return from_env or secrets.decrypt(self.token_ciphertext)

    @property
    def app_secret(self) -> str:
        return settings.CROSSPOST_OK_APP_SECRET or secrets.decrypt(self.secret_ciphertext)

    @property
    def token_from_env(self) -> bool:
        return bool(settings.CROSSPOST_TOKENS.get(self.network, ""))

    def set_token(self, value: str) -> None:
        self.token_ciphertext = secrets.encrypt(value) if value else ""

    def set_app_secret(self, value: str) -> None:
        self.secret_ciphertext = secrets.encrypt(value) if value else ""

    def default_for(self, article) -> bool:
        """Is this channel ticked by default for ``article`` (by its rubric; None: an article
        not saved yet, whose rubric is not known)?"""
        rubric_ids = {rubric.pk for rubric in self.rubrics.all()}
        return not rubric_ids or getattr(article, "rubric_id", None) in rubric_ids


class ChannelPostQuerySet(models.QuerySet):
    def needing_attention(self):
        """Failed or uncertain posts of the articles still wanted in their channel."""
        Status = ChannelPost.Status
        return self.filter(status__in=(Status.FAILED, Status.UNCERTAIN), selected=True).order_by(
            "-updated_at"
        )


class ChannelPost(models.Model):
    """An article's post in one network: whether to send it, its own text, and what the
    network answered (the remote id that makes sending idempotent)."""

    class Status(models.TextChoices):
        NEW = "new", _("Not posted yet")
        SENDING = "sending", _("Being sent")
        RETRYING = "retrying", _("Waiting to try again")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Unknown: check the channel")
        DELETED = "deleted", _("Deleted from the channel")

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="channel_posts",
    )
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    selected = models.BooleanField(
        _("post"),
        default=True,
        help_text=_(
            "Send the article to this channel when it is published. Left as shown on a new "
            "article: as the channel's default for its rubric."
        ),
    )
    text = models.TextField(
        _("text for this channel"),
        blank=True,
        help_text=_(
            "Goes between the title and the link instead of the lead. Empty: the lead. "
            "A text over the channel's limit is cut at a word, the link is always kept."
        ),
    )
    status = models.CharField(
        _("state"), max_length=20, choices=Status.choices, default=Status.NEW, editable=False
    )
    remote_id = models.CharField(_("post id in the network"), max_length=100, blank=True)
    remote_url = models.URLField(_("post address"), max_length=500, blank=True)
    remote_data = models.JSONField(default=dict, blank=True, editable=False)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = ChannelPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel post")
        verbose_name_plural = _("channel posts")
        ordering = ["article", "network"]
        get_latest_by = "updated_at"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "network"], name="channels_one_post_per_network"
            ),
        ]
        indexes = [models.Index(fields=["status", "-updated_at"], name="channels_post_status_idx")]

    def __str__(self):
        return f"{self.get_network_display()}: {self.article}"

    def get_absolute_url(self):
        return reverse("admin:channels_channelpost_change", args=[self.pk])


class PostAttempt(models.Model):
    """One try at posting, editing or deleting a channel post, and how it ended."""

    class Action(models.TextChoices):
        POST = "post", _("Posting")
        EDIT = "edit", _("Editing")
        DELETE = "delete", _("Deleting")

    class Outcome(models.TextChoices):
        RUNNING = "running", _("In progress")
        DONE = "done", _("Succeeded")
        RETRY = "retry", _("Will try again")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Unknown: check the channel")

    post = models.ForeignKey(
        ChannelPost, verbose_name=_("post"), on_delete=models.CASCADE, related_name="tries"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING
    )
    remote_id = models.CharField(_("post id in the network"), max_length=100, blank=True)
    remote_url = models.URLField(_("post address"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("posting attempt")
        verbose_name_plural = _("posting attempts")
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.get_action_display()}: {self.get_outcome_display()}"

    def get_absolute_url(self):
        return self.post.get_absolute_url()
