from django import forms
from django.utils.translation import gettext_lazy as _

from channels.models import DigestChoice, NotificationPreference, receivable_kinds

DIGEST_FIELD = "daily_digest"


class PreferencesForm(forms.Form):
    """One tick box per kind of mail the user can receive (``receivable_kinds``: their role
    decides), and the daily digest. Saving leaves the choices about other kinds as they were,
    so they are still there if the user's role changes back."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = receivable_kinds(user)
        off = set(
            NotificationPreference.objects.filter(user=user, enabled=False).values_list(
                "kind", flat=True
            )
        )
        for kind in self.kinds:
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
        return [self[kind.value] for kind in self.kinds]

    def save(self):
        for kind in self.kinds:
            NotificationPreference.objects.update_or_create(
                user=self.user,
                kind=kind.value,
                defaults={"enabled": self.cleaned_data[kind.value]},
            )
        DigestChoice.objects.update_or_create(
            user=self.user, defaults={"daily": self.cleaned_data[DIGEST_FIELD]}
        )
