"""Bulk upload: many photos into the library at once, each file on its own.

With JavaScript (static/media/bulk_upload.js) the page posts every file by itself to
``upload_one`` and shows its progress and its error; without, the form posts them all
and the answer lists each file's outcome. Either way the images uploaded can then go to a
gallery in one step (``portal.hooks.IMAGE_COLLECTIONS``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from media.forms import BulkUploadForm, UploadForm
from media.models import Image
from media.services import add_image
from portal import hooks
from portal.images import rendition_url


@dataclass(frozen=True)
class Outcome:
    name: str
    image: Image | None = None
    duplicate: bool = False
    error: str = ""

    def as_json(self) -> dict:
        data: dict = {"name": self.name, "ok": self.image is not None}
        if self.image is not None:
            data.update(
                id=self.image.pk,
                title=str(self.image),
                thumbnail=rendition_url(self.image, "file", 160, "jpeg"),
                url=self.image.get_absolute_url(),
                duplicate=self.duplicate,
                message=self.message,
            )
        else:
            data["error"] = self.error
        return data

    @property
    def message(self) -> str:
        if self.image is None:
            return self.error
        if self.duplicate:
            return _("Already in the library as «%(title)s»: that image is used.") % {
                "title": str(self.image)
            }
        return _("Added to the library.")


def _upload(request: HttpRequest, file) -> Outcome:
    name = getattr(file, "name", "") or _("file")
    form = UploadForm(files={"file": file})
    if not form.is_valid():
        return Outcome(name, error=" ".join(form.errors["file"]))
    image, added = add_image(form.cleaned_data["file"], by=request.user)
    return Outcome(name, image=image, duplicate=not added)


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("media.add_image"):
        raise PermissionDenied


def upload_one(request: HttpRequest) -> JsonResponse:
    """One file of the page's uploads: its image, or why it was refused (status 400)."""
    _check(request)
    if request.method != "POST":
        return JsonResponse({"ok": False, "error": _("Send the file with POST.")}, status=405)
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse({"ok": False, "error": _("No file was sent.")}, status=400)
    outcome = _upload(request, file)
    return JsonResponse(outcome.as_json(), status=200 if outcome.image else 400)


def collections(request: HttpRequest) -> list[tuple[str, str]]:
    return [found for hook in hooks.get_hooks(hooks.IMAGE_COLLECTIONS) if (found := hook(request))]


def upload_many(request: HttpRequest, model_admin) -> TemplateResponse:
    """The page: a form for many files; posted without JavaScript, every file's outcome."""
    _check(request)
    outcomes: list[Outcome] = []
    form = BulkUploadForm()
    if request.method == "POST":
        form = BulkUploadForm(request.POST, request.FILES)
        if form.is_valid():
            outcomes = [_upload(request, file) for file in form.cleaned_data["files"]]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Image._meta,
        "title": _("Upload many photos"),
        "form": form,
        "outcomes": outcomes,
        "uploaded": [outcome.image for outcome in outcomes if outcome.image is not None],
        "collections": collections(request),
    }
    return TemplateResponse(request, "admin/media/image/bulk_upload.html", context)
