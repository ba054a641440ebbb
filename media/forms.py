from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from media.models import Image
from media.services import add_image, existing_copy
from portal.images import ValidatedImageFormField

FOCAL_WIDGET = forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"})


def _duplicate_message(existing: Image):
    return format_html(
        str(
            _(
                'This image is already in the library: <a href="{url}">{title}</a>. Use it '
                "instead of uploading a copy."
            )
        ),
        url=existing.get_absolute_url(),
        title=str(existing),
    )


class ImageForm(forms.ModelForm):
    """The library's form: a file whose content is already in the library is refused with a
    link to the image that holds it."""

    class Meta:
        model = Image
        fields = [
            "file",
            "focal_x",
            "focal_y",
            "title",
            "alt",
            "caption",
            "credit",
            "licence",
            "tags",
        ]
        widgets = {"focal_x": FOCAL_WIDGET, "focal_y": FOCAL_WIDGET}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, not the image's file kept
            existing = existing_copy(file)
            if existing is not None and existing.pk != self.instance.pk:
                raise forms.ValidationError(_duplicate_message(existing), code="duplicate_image")
        return file


class UploadForm(forms.Form):
    """One file of a bulk upload (the page posts each file on its own, or all without JS)."""

    file = ValidatedImageFormField(label=_("file"))


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """The files chosen, as a list: each is checked on its own when it is uploaded, so one
    bad file does not refuse the others."""

    widget = MultipleFileInput

    def to_python(self, data):
        return [file for file in data or [] if file]


class BulkUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("photos"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("Choose or drop many photos at once: JPEG, PNG, WebP or GIF."),
    )


class LibraryUploadField(ValidatedImageFormField):
    """«Or upload a new one»: beside a chooser of library images, named ``<field>_upload``; the
    file goes into the library (or the image already holding it is taken) and is chosen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("or upload a new image"))
        kwargs.setdefault(
            "help_text",
            _(
                "It is added to the media library and chosen here; a file already in the "
                "library is not stored twice."
            ),
        )
        super().__init__(**kwargs)


class LibraryUploadFormMixin:
    """For model forms choosing library images: each ``<field>_upload`` given is added to the
    library and becomes ``<field>``. ``reused_images`` lists images taken from the library
    because their file was there already."""

    def clean(self):
        # First, so that the form's own checks (e.g. an article's content checks) see the image.
        cleaned = self.cleaned_data
        self.reused_images = []
        for name, field in self.fields.items():
            if not isinstance(field, LibraryUploadField) or not name.endswith("_upload"):
                continue
            file = cleaned.get(name)
            if not file:
                continue
            editor = getattr(self, "editor", None)
            if editor is not None and not editor.has_perm("media.add_image"):
                self.add_error(name, _("You may not add images to the media library."))
                continue
            image, added = add_image(file, by=editor)
            if not added:
                self.reused_images.append(image)
            target = name.removesuffix("_upload")
            cleaned[target], cleaned[name] = image, None  # in the library: nothing to keep
            self.errors.pop(target, None)
            # Shown chosen if the form comes back with other errors: the file is not lost.
            self.data = self.data.copy()
            self.data[self.add_prefix(target)] = str(image.pk)
        return super().clean()
