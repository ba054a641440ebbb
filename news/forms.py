from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from media.forms import LibraryUploadField, LibraryUploadFormMixin
from news.importing import ImportSourceError, parse_source
from news.importing.fetching import file_too_large
from news.models import Article, ImportRun
from news.services import WORKFLOW
from portal.admin import VersionedModelForm
from portal.admin_workflow import ReviewFormMixin
from portal.forms import TypographyFormMixin
from portal.scheduling import PublicationWindowFormMixin

ONLY_THE_CHIEF_EDITOR_PUBLISHES = _(
    "Only the chief editor can publish, schedule or archive an article: save it as a draft "
    "or submit it for review."
)


class ArticleAdminForm(
    LibraryUploadFormMixin,
    TypographyFormMixin,
    PublicationWindowFormMixin,
    ReviewFormMixin,
    VersionedModelForm,
):
    """The article form, which knows who is editing (``portal.admin_workflow``): whoever may
    not publish can only keep the article a draft or submit it for review, and cannot change
    a published one. Its title, lead and text are typeset when the site settings ask for it."""

    typeset_fields = ("title", "lead")
    typeset_html_fields = ("body",)

    lead_image_upload = LibraryUploadField()

    workflow = WORKFLOW
    only_the_chief_editor_publishes = ONLY_THE_CHIEF_EDITOR_PUBLISHES
    author_status_help = _(
        "Keep the article a draft while you work on it and submit it for review when "
        "it is ready: the chief editor publishes it."
    )
    locked_for_authors = _(
        "This article is published or archived: only the chief editor can change it."
    )
    review_comment_help = _(
        "Needed to send the article back: what should the author change? "
        "The author sees it on this page."
    )

    class Meta:
        model = Article
        fields = "__all__"

    def submitted_record(self, cleaned_data):
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
