"""Agreements and events are searched through stored vectors kept current on every save."""

import pytest

from partnerships.models import Agreement, Event

pytestmark = pytest.mark.postgres


def search_page(client, query, kind):
    html = client.get("/search/", {"q": query, "type": kind}).content.decode()
    return html


def test_saving_an_agreement_stores_its_vector(twinning):
    agreement = Agreement.objects.get(slug="alchevsk-torez")
    assert agreement.search_vector is not None
    assert Event.objects.exclude(search_vector=None).exists()


def test_an_edit_is_searchable_at_once(client, twinning):
    agreement = Agreement.objects.get(slug="alchevsk-torez")
    assert "Соглашение об установлении" not in search_page(client, "металлургии", "agreements")
    agreement.body = "<p>Сотрудничество в области металлургии и энергетики.</p>"
    agreement.save()
    assert "Соглашение об установлении" in search_page(client, "металлургия", "agreements")


def test_a_words_stem_finds_the_agreement(client, twinning):
    assert "Соглашение об установлении" in search_page(client, "побратимство", "agreements")
