"""What the media library contributes to the portal's shared features (see portal/hooks.py)."""

from django.urls import reverse

from media.services import add_image
from portal import hooks


@hooks.register(hooks.EDITOR_IMAGE_STORES)
def into_the_library(request, upload) -> str:
    """An image put into rich text joins the library (once per content), so it is found,
    described and protected from deletion like every other image."""
    image, _added = add_image(upload, by=request.user)
    return image.url


@hooks.register(hooks.EDITOR_IMAGE_CHOOSERS)
def library_search_url() -> str:
    """The image picker under the rich-text editors searches the library."""
    return reverse("admin:media_image_editor_search")
