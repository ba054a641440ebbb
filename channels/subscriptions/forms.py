from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from channels.subscriptions.models import Frequency, Topic
from news.models import Rubric
from partnerships.models import Agreement
from portal.models import SiteSettings


def consent_text() -> str:
    """The consent to processing personal data (152-ФЗ) shown by the form and stored."""
    site = SiteSettings.get_solo()
    operator = site.office_name or site.city_name or gettext("the editorial office of the site")
    return gettext(
        "I agree that %(operator)s processes my e-mail address (collecting, recording, storing "
        "and deleting it) to send me the news I chose, under Federal Law No. 152-FZ «On "
        "Personal Data». The address is not passed to anyone else. The consent is valid until "
        "I withdraw it: by the unsubscribe link in every mail, after which the address is "
        "deleted."
    ) % {"operator": operator}


class TopicsForm(forms.Form):
    """What to follow, and how often: the subscription form and the manage page."""

    news = forms.BooleanField(label=Topic.NEWS.label, required=False)
    rubric = forms.ModelMultipleChoiceField(
        label=_("News of the rubrics"),
        queryset=Rubric.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agreement = forms.ModelMultipleChoiceField(
        label=_("News and events of the agreements"),
        queryset=Agreement.objects.public().order_by("title"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    events = forms.BooleanField(label=_("Upcoming events of the partnerships"), required=False)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.topics() and not self.errors:
            raise forms.ValidationError(_("Choose at least one thing to follow."), code="empty")
        return cleaned

    def topics(self) -> list[tuple[str, int | None]]:
        data = getattr(self, "cleaned_data", {})
        topics = [(Topic.NEWS.value, None)] if data.get("news") else []
        topics += [(Topic.RUBRIC.value, rubric.pk) for rubric in data.get("rubric") or ()]
        topics += [(Topic.AGREEMENT.value, agr.pk) for agr in data.get("agreement") or ()]
        if data.get("events"):
            topics.append((Topic.EVENTS.value, None))
        return topics

    @classmethod
    def initial_for(cls, subscriber) -> dict:
        subscriptions = list(subscriber.subscriptions.select_related("rubric", "agreement"))
        topics = {s.topic for s in subscriptions}
        return {
            "news": Topic.NEWS in topics,
            "events": Topic.EVENTS in topics,
            "rubric": [s.rubric for s in subscriptions if s.rubric],
            "agreement": [s.agreement for s in subscriptions if s.agreement],
            "frequency": subscriber.frequency,
        }


class SubscribeForm(TopicsForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the address the news should be sent to."),
            "invalid": _(
                "This does not look like an e-mail address: check it, e.g. name@example.ru."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data"),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
        error_messages={"required": _("Without the consent we cannot send you the news.")},
    )
    # A field people never see: whatever fills it in is a robot.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "news", "rubric", "agreement", "events", "frequency", "consent"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
