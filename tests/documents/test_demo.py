"""The demo's documents: the resolution on the twinning with Torez, and a repealed one."""

import pytest

from documents import demo
from documents.models import Document, DocumentLink

pytestmark = pytest.mark.django_db


def test_the_demo_documents_load_once_and_show(client):
    new = set()
    demo.load(new)
    demo.load()
    assert Document.objects.count() == len(demo.DOCUMENTS) == len(new)
    assert DocumentLink.objects.count() == 1
    page = client.get("/documents/").content.decode()
    assert "Торез" in page
    twinning = Document.objects.get(number="412")
    detail = client.get(twinning.get_absolute_url()).content.decode()
    assert "Постановление от 24.10.2019 № 412" in detail
    assert "Пяткова" in detail
    repealed = Document.objects.get(number="215")
    assert repealed.status == Document.Status.REPEALED
    assert "Отменён документом" in client.get(repealed.get_absolute_url()).content.decode()


def test_the_demo_search_finds_the_twinning(client):
    demo.load()
    page = client.get("/documents/", {"q": "побратимских"}).content.decode()
    assert "Торезом" in page
