from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import SiteSettings
from press.models import AccreditationRequest, Announcement


def consent_text() -> str:
    """The consent to processing personal data (152-ФЗ) shown by the form and stored."""
    site = SiteSettings.get_solo()
    operator = site.office_name or site.city_name or gettext("the editorial office of the site")
    return gettext(
        "I agree that %(operator)s processes my personal data given in this form (full name, "
        "media outlet, position, phone and e-mail address: collecting, recording, storing and "
        "deleting them) to consider my request for accreditation and to contact me about it, "
        "under Federal Law No. 152-FZ «On Personal Data». The data are not passed to anyone "
        "else. I may withdraw the consent by writing to the press office, after which the data "
        "are deleted."
    ) % {"operator": operator}


class AnnouncementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from django.utils.formats import date_format
        from django.utils.timezone import localtime

        return f"{date_format(localtime(obj.starts_at), 'j E, H:i')} — {obj.title}"


class AccreditationForm(forms.ModelForm):
    announcement = AnnouncementChoiceField(
        label=_("Event"),
        queryset=Announcement.objects.none(),
        empty_label=_("— choose the event —"),
        error_messages={
            "required": _("Choose the event you ask accreditation for."),
            "invalid_choice": _(
                "Accreditation for this event is closed: its deadline has passed or it is no "
                "longer announced. Choose another event."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
        error_messages={"required": _("Without the consent we cannot consider the request.")},
    )
    # A field people never see: whatever fills it in is a robot.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = AccreditationRequest
        fields = ["announcement", "name", "outlet", "position", "phone", "email"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "outlet": forms.TextInput(attrs={"autocomplete": "organization"}),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "name": {"required": _("Enter your full name.")},
            "outlet": {"required": _("Enter the media outlet you work for.")},
            "position": {"required": _("Enter your position.")},
            "phone": {"required": _("Enter a phone number we can call you at.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _(
                    "This does not look like an e-mail address: check it, e.g. name@example.ru."
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["announcement"].queryset = Announcement.objects.public().accrediting()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
