import pytest

from pages import demo
from pages.models import Page

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_whole_site_and_loads_twice_without_copies(client):
    demo.load()
    demo.load()
    assert Page.objects.count() == len(demo.PAGES)
    html = client.get("/administratsiya/struktura/").content.decode()
    assert "Управление культуры" in html and "Часы приёма" in html
    menu = client.get("/").content.decode()
    assert 'href="/o-gorode/"' in menu and 'href="/kontakty/"' in menu
    assert client.get("/pobratimy-i-partnery/").status_code == 200
