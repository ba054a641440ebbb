from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from portal.images import ValidatedImageField


class AuditedModel(models.Model):
    """Who created and last changed a record, and when."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True


class SiteSettings(SingletonModel):
    """Everything city-specific that the templates show; edited in the admin."""

    city_name = models.CharField(
        _("city name"), max_length=100, default="Алчевск", help_text=_("Shown in the header.")
    )
    office_name = models.CharField(
        _("office name"),
        max_length=200,
        default="Управление информационной политики Администрации города",
        help_text=_("The publisher named on every page, in feeds and in structured data."),
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = ValidatedImageField(
        _("logo or coat of arms"),
        upload_to="site/",
        blank=True,
        help_text=_("A square image works best; PNG with transparency is fine."),
    )
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=200, blank=True)
    vk_url = models.URLField(_("VK page"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    ok_url = models.URLField(_("Odnoklassniki page"), blank=True)
    footer_note = models.TextField(
        _("footer note"),
        blank=True,
        help_text=_("Plain text, e.g. the terms of reusing the site's materials."),
    )

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    @property
    def social_links(self):
        links = [("VK", self.vk_url), ("Telegram", self.telegram_url), ("OK", self.ok_url)]
        return [(name, url) for name, url in links if url]
