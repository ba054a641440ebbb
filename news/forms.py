from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from media.forms import LibraryUploadField, LibraryUploadFormMixin
from news.importing import ImportSourceError, parse_source
from news.importing.fetching import file_too_large
from news.models import Article, ImportRun
from news.services import (
    AUTHOR_STATUSES,
    ContentNotReady,
    can_publish,
    check_article,
    needs_checks,
)
from portal.admin import VersionedModelForm
from portal.forms import TypographyFormMixin
from portal.scheduling import PublicationWindowFormMixin

ONLY_THE_CHIEF_EDITOR_PUBLISHES = _(
    "Only the chief editor can publish, schedule or archive an article: save it as a draft "
    "or submit it for review."
)


class ReviewAction(models.TextChoices):
    """The buttons of the article form that move it through review (``news.services``)."""

    SUBMIT = "submit", _("Submit for review")
    APPROVE = "approve", _("Approve and publish")
    SEND_BACK = "send_back", _("Send back to the author")


class ArticleAdminForm(
    LibraryUploadFormMixin, TypographyFormMixin, PublicationWindowFormMixin, VersionedModelForm
):
    """The article form, which knows who is editing: whoever may not publish can only keep
    the article a draft or submit it for review, and cannot change a published one. Its title,
    lead and text are typeset when the site settings ask for it."""

    typeset_fields = ("title", "lead")
    typeset_html_fields = ("body",)

    # Set by ArticleAdmin.get_form on the form class it builds for each request.
    editor = None

    lead_image_upload = LibraryUploadField()
    review_action = forms.ChoiceField(choices=ReviewAction.choices, required=False)
    review_comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed to send the article back: what should the author change? "
            "The author sees it on this page."
        ),
    )

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and not self.editor_can_publish:
            status.choices = [(v, label) for v, label in status.choices if v in AUTHOR_STATUSES]
            status.error_messages["invalid_choice"] = ONLY_THE_CHIEF_EDITOR_PUBLISHES
            status.help_text = _(
                "Keep the article a draft while you work on it and submit it for review when "
                "it is ready: the chief editor publishes it."
            )

    @property
    def editor_can_publish(self) -> bool:
        return self.editor is None or can_publish(self.editor)

    def clean(self):
        cleaned_data = super().clean()
        action = cleaned_data.get("review_action")
        if action in (ReviewAction.APPROVE, ReviewAction.SEND_BACK) and not (
            self.editor_can_publish
        ):
            raise ValidationError(ONLY_THE_CHIEF_EDITOR_PUBLISHES)
        if action == ReviewAction.SEND_BACK and not cleaned_data.get("review_comment", "").strip():
            self.add_error("review_comment", _("Say what the author should change."))
        if not self.editor_can_publish:
            if not self.instance._state.adding and self.instance.status not in AUTHOR_STATUSES:
                raise ValidationError(
                    _(
                        "This article is published or archived: only the chief editor can change it."
                    )
                )
            if "status" in cleaned_data and cleaned_data["status"] not in AUTHOR_STATUSES:
                self.add_error("status", ONLY_THE_CHIEF_EDITOR_PUBLISHES)
        self.check_content(cleaned_data)
        return cleaned_data

    def target_status(self, cleaned_data):
        """The status the article will have once this form is saved."""
        action = cleaned_data.get("review_action")
        if action == ReviewAction.APPROVE:
            return Article.Status.PUBLISHED
        if action == ReviewAction.SUBMIT:
            return Article.Status.REVIEW
        if action == ReviewAction.SEND_BACK:
            return Article.Status.DRAFT
        return cleaned_data.get("status", self.instance.status)

    def content_report(self):
        """The content checks of the texts as submitted (after typography)."""
        return check_article(self.submitted_article(getattr(self, "cleaned_data", {})))

    def submitted_article(self, cleaned_data):
        stored = self.instance
        article = Article(
            title=cleaned_data.get("title", self.data.get("title", stored.title)),
            lead=cleaned_data.get("lead", self.data.get("lead", stored.lead)),
            body=cleaned_data.get("body", self.data.get("body", stored.body)),
            lead_image_alt=cleaned_data.get("lead_image_alt", stored.lead_image_alt),
            lead_image_caption=cleaned_data.get("lead_image_caption", stored.lead_image_caption),
        )
        article.lead_image = cleaned_data.get("lead_image", stored.lead_image) or None
        return article

    def check_content(self, cleaned_data):
        """Errors of the content checks refuse a save that publishes or submits the article;
        warnings never do (they are shown beside the form)."""
        previous = None if self.instance._state.adding else self.instance.status
        if self.errors or not needs_checks(self.target_status(cleaned_data), previous):
            return
        article = self.submitted_article(cleaned_data)
        report = check_article(article)
        if not report.ok:
            target = self.target_status(cleaned_data)
            error = ContentNotReady(article, report, submitting=target == Article.Status.REVIEW)
            raise ValidationError(error.messages, code="content_not_ready")


class ImportRunForm(forms.ModelForm):
    """Starting an import: the document is read here, so a file that cannot be imported is
    refused in the form with the reason; an address is fetched by the task."""

    source_url = ImportRun._meta.get_field("source_url").formfield(assume_scheme="https")

    class Meta:
        model = ImportRun
        fields = ["source_file", "source_url", "default_rubric", "publish", "update", "images"]

    def clean_source_file(self):
        upload = self.cleaned_data.get("source_file")
        if not upload:
            return upload
        if upload.size > settings.IMPORT_SOURCE_MAX_BYTES:
            raise ValidationError(file_too_large(), code="import_too_large")
        upload.seek(0)
        try:
            feed = parse_source(upload.read())
        except ImportSourceError as error:
            raise ValidationError(str(error), code="import_unreadable") from None
        finally:
            upload.seek(0)
        if not feed.items:
            raise ValidationError(_("The file holds no news items."), code="import_empty")
        return upload
