from django import forms
from django.utils.translation import gettext_lazy as _

from channels.models import DigestChoice, Kind, NotificationPreference

DIGEST_FIELD = "daily_digest"


class PreferencesForm(forms.Form):
    """One tick box per kind of mail, and the daily digest, for the user whose choices
    these are."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        off = set(
            NotificationPreference.objects.filter(user=user, enabled=False).values_list(
                "kind", flat=True
            )
        )
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in off
            )
        self.fields[DIGEST_FIELD] = forms.BooleanField(
            label=_("One mail a day instead of separate mails"),
            help_text=_(
                "The mails ticked above are collected and sent together once a day, "
                "in the morning."
            ),
            required=False,
            initial=DigestChoice.objects.filter(user=user, daily=True).exists(),
        )

    def kind_fields(self):
        return [self[kind.value] for kind in Kind]

    def save(self):
        for kind in Kind:
            NotificationPreference.objects.update_or_create(
                user=self.user,
                kind=kind.value,
                defaults={"enabled": self.cleaned_data[kind.value]},
            )
        DigestChoice.objects.update_or_create(
            user=self.user, defaults={"daily": self.cleaned_data[DIGEST_FIELD]}
        )
