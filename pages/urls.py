from django.urls import path, register_converter

from pages import views
from pages.addresses import taken_first_segments
from pages.navigation import is_public_path

app_name = "pages"


class PublicPagePath:
    """The address of a public page, without its first slash: ``o-gorode/istoriya/``.

    Only such addresses match, so an unknown one stays unresolved, as before pages existed:
    no slash is appended to it and the redirects of old addresses see its 404.
    """

    regex = r"(?:[-\w]+/)+"

    def to_python(self, value):
        first = value.split("/", 1)[0].lower()
        if first in taken_first_segments() or not is_public_path(f"/{value}"):
            raise ValueError(value)
        return value

    def to_url(self, value):
        return value


register_converter(PublicPagePath, "page_path")

# Included last in the root URLconf: every other address wins over a page.
urlpatterns = [
    path("<page_path:path>", views.page, name="page"),
]
