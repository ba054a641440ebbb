from django import forms

from channels.models import Kind, NotificationPreference


class PreferencesForm(forms.Form):
    """One tick box per kind of mail, for the user whose choices these are."""

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

    def save(self):
        for kind in Kind:
            NotificationPreference.objects.update_or_create(
                user=self.user,
                kind=kind.value,
                defaults={"enabled": self.cleaned_data[kind.value]},
            )
