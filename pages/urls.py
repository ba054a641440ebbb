from django.urls import re_path

from pages import views

app_name = "pages"

# Included last in the root URLconf: every other address wins over a page. Only paths made
# of slugs, so that a stray /file.php is not answered with a redirect to /file.php/.
urlpatterns = [
    re_path(r"^(?P<path>(?:[-\w]+/)+)$", views.page, name="page"),
]
