"""The image picker under every rich-text editor (``portal.fields.RichTextWidget``, whose
``static/portal/image_picker.js`` asks here): the library's images found by their words, to
put into the text with their default alt text."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from media.models import Image
from portal.images import rendition_url

RESULTS = 12
MAX_QUERY_LENGTH = 100
THUMBNAIL_WIDTH = 480


def _matching(words: str):
    images = Image.objects.order_by("-uploaded_at", "-pk")
    for word in words.split()[:8]:
        images = images.filter(
            Q(title__icontains=word)
            | Q(alt__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(tags__name__icontains=word)
        )
    return images.distinct()


@require_GET
def editor_image_search(request: HttpRequest) -> JsonResponse:
    """``?q=…`` (empty: the newest): ``{"results": [{"title", "alt", "url", "thumbnail",
    "width", "height"}], "message"}``, newest first."""
    if not request.user.has_perm("media.view_image"):
        raise PermissionDenied
    words = request.GET.get("q", "").strip()
    message = ""
    if len(words) > MAX_QUERY_LENGTH:
        return JsonResponse(
            {
                "results": [],
                "message": _("The query is too long: at most %(count)s characters.")
                % {"count": MAX_QUERY_LENGTH},
            },
            status=400,
        )
    found = list(_matching(words)[:RESULTS])
    if not found:
        message = (
            _("No image of the library matches these words.")
            if words
            else _("The library has no images yet.")
        )
    response = JsonResponse(
        {
            "results": [
                {
                    "title": image.title,
                    "alt": image.alt,
                    "url": image.url,
                    "thumbnail": rendition_url(image, "file", THUMBNAIL_WIDTH, "jpeg"),
                    "width": image.width,
                    "height": image.height,
                }
                for image in found
            ],
            "message": message,
        }
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
