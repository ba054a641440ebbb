"""Uploads kept across a refused save, so an editor never has to choose a file again.

A browser cannot be told to refill a file input, and Django has nothing for this: when the
admin shows a form again with errors, every valid new upload of the form and its inlines is
put in a private folder (``KEPT_UPLOADS_ROOT``, never served publicly) and the file input
gets a hidden signed token naming it, a note and a staff-only preview. Saved again without a
new file, the token puts the kept file back into the request, where the form checks it anew.
"""

import mimetypes
import time
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm, FileField, Widget
from django.forms.renderers import BaseRenderer
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

SALT = "portal.kept-uploads"
TOKEN_SUFFIX = "-kept"
# How long a kept file waits for the form to be saved again.
MAX_AGE_SECONDS = 24 * 60 * 60


def storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.KEPT_UPLOADS_ROOT)


def keep(key: str, upload: File) -> str:
    """Put ``upload`` (the value of form field ``key``) aside; the token that names it."""
    _forget_old_files()
    stored = storage().save(uuid.uuid4().hex, upload)
    name = PurePath(upload.name or "file").name
    return signing.dumps({"key": key, "file": stored, "name": name}, salt=SALT, compress=True)


def kept_file(token: str, key: str | None = None) -> dict[str, Any] | None:
    """What a token names (``file``, ``name``), if it is genuine, recent and still there."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(value, dict) or (key is not None and value.get("key") != key):
        return None
    stored = value.get("file")
    if not isinstance(stored, str) or not stored.isalnum() or not storage().exists(stored):
        return None
    return value


def restore(request: HttpRequest) -> None:
    """Put the kept files named by the tokens of a POST back into ``request.FILES``."""
    for field_key, token in request.POST.items():
        if not field_key.endswith(TOKEN_SUFFIX):
            continue
        key = field_key.removesuffix(TOKEN_SUFFIX)
        if request.FILES.get(key) or request.POST.get(f"{key}-clear"):
            continue  # a new file, or the editor asked to remove it
        kept = kept_file(cast(str, token), key)
        if kept is None:
            continue
        with storage().open(kept["file"]) as stored:
            content = stored.read()
        upload = SimpleUploadedFile(kept["name"], content, _content_type(kept["name"]))
        upload.kept_token = token  # type: ignore[attr-defined]  # read by keep_uploads()
        request.FILES[key] = upload


def keep_uploads(form: BaseForm) -> None:
    """Keep each valid new upload of a form shown again, and say so next to its input."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if not isinstance(field, FileField) or not _is_new_file(value):
            continue
        key = form.add_prefix(name)
        original = form.files.get(key)
        token = getattr(original, "kept_token", None) or keep(key, original or value)
        field.widget = KeptUploadWidget(field.widget, key + TOKEN_SUFFIX, token, value.name)


def _is_new_file(value: object) -> TypeGuard[File]:
    return isinstance(value, File) and not isinstance(value, FieldFile)


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _forget_old_files() -> None:
    files = storage()
    try:
        names = files.listdir("")[1]
    except FileNotFoundError:
        return
    oldest = time.time() - MAX_AGE_SECONDS
    for name in names:
        try:
            if files.get_modified_time(name).timestamp() < oldest:
                files.delete(name)
        except OSError:
            continue


class KeptUploadWidget:
    """The form's own file widget, followed by the token of the kept file and a note."""

    def __init__(self, widget: Widget, token_name: str, token: str, filename: str | None) -> None:
        self.widget, self.token_name, self.token = widget, token_name, token
        self.filename = PurePath(filename or "").name

    def __getattr__(self, name: str) -> Any:
        return getattr(self.widget, name)

    def __deepcopy__(self, memo: dict[int, Any]) -> "KeptUploadWidget":
        return self

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        preview = reverse("portal:kept-upload", kwargs={"token": self.token})
        thumbnail = ""
        if _content_type(self.filename).startswith("image/"):
            thumbnail = format_html(
                '<img src="{}" alt="" width="80" style="height:auto">', preview
            )
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">'
            '<div class="help kept-upload">{} <a href="{}" target="_blank" rel="noopener">{}</a>'
            "{}</div>",
            self.widget.render(name, value, attrs, renderer),
            self.token_name,
            self.token,
            _("File kept, no need to upload it again:"),
            preview,
            self.filename,
            thumbnail,
        )


# For the type checker the mixin is what it is mixed into, a model admin.
if TYPE_CHECKING:
    _MixedInto = admin.ModelAdmin
else:
    _MixedInto = object


class KeepsUploadsAdmin(_MixedInto):
    """ModelAdmin mixin: nothing uploaded is lost when a save is refused."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            restore(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Model | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            keep_uploads(context["adminform"].form)
            for inline in context.get("inline_admin_formsets", []):
                for form in inline.formset.forms:
                    keep_uploads(form)
        return super().render_change_form(request, context, add, change, form_url, obj)


@staff_member_required
def kept_upload(request: HttpRequest, token: str) -> FileResponse:
    kept = kept_file(token)
    if kept is None:
        raise Http404
    response = FileResponse(storage().open(kept["file"]), content_type=_content_type(kept["name"]))
    response["Cache-Control"] = "private, no-store"
    return response
