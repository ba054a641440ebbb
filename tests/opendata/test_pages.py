"""The human pages of /opendata/ and how the rest of the site leads to them."""

import pytest

from opendata.sets import SETS

pytestmark = pytest.mark.django_db


def test_the_registry_lists_every_set_with_its_files(client, make_agreement):
    make_agreement()
    response = client.get("/opendata/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/opendata/list.csv"' in page
    for data_set in SETS:
        assert f'href="/opendata/{data_set.name}/"' in page
        assert f'href="/opendata/{data_set.name}/meta.csv"' in page
        assert f'href="/opendata/{data_set.name}/data-' in page
    assert 'rel="license"' in page


def test_a_sets_page_shows_its_passport_and_versions(client, publisher, make_agreement):
    make_agreement()
    response = client.get("/opendata/agreements/")

    assert response.status_code == 200
    page = response.content.decode()
    assert publisher.office_name in page
    assert "press@example.org" in page
    assert 'href="/opendata/agreements/meta.csv"' in page
    assert 'href="/opendata/agreements/structure-' in page
    assert page.count('href="/opendata/agreements/data-') == 2  # download, and the version


def test_the_pages_are_served_from_the_page_cache(client):
    assert client.get("/opendata/")["X-Cache"] == "miss"
    assert client.get("/opendata/")["X-Cache"] == "hit"
    assert client.get("/opendata/?utm_source=x")["X-Cache"] == "hit"
    assert client.get("/opendata/agreements/")["X-Cache"] == "miss"
    assert client.get("/opendata/agreements/")["X-Cache"] == "hit"


def test_a_change_to_the_register_shows_on_the_cached_page(client, make_agreement):
    agreement = make_agreement(title="Соглашение до правки")
    client.get("/opendata/agreements/")
    agreement.title = "Соглашение после правки"
    agreement.save()
    response = client.get("/opendata/agreements/")

    assert response["X-Cache"] == "miss"
    assert response.content.decode().count('href="/opendata/agreements/data-') == 3


def test_the_site_map_and_the_footer_lead_to_open_data(client):
    site_map = client.get("/sitemap/").content.decode()
    assert 'href="/opendata/"' in site_map
    assert 'href="/opendata/events/"' in site_map
    assert 'href="/opendata/"' in client.get("/").content.decode()
