from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from portal.images import clean_image_content, validate_image_file


@require_POST
@staff_member_required
def editor_image_upload(request):
    """CKEditor 5 image upload: staff only, validated and stripped like every other image."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("No file was sent.")}}, status=400)
    try:
        validate_image_file(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    cleaned = clean_image_content(upload, upload.name)
    name = default_storage.save(f"editor/{cleaned.name}", cleaned)
    return JsonResponse({"url": default_storage.url(name)})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /" + reverse("admin:index").strip("/") + "/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
