"""The documents beyond their pages: the RSS feed, /feeds/, the API, open data, sitemap.xml."""

import csv
import datetime
import io
from urllib.parse import urlsplit

import feedparser
import pytest
from django.utils import timezone

from documents.models import Document, DocumentLink
from tests.documents.conftest import SCANNED_PDF

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_the_rss_feed_of_new_documents(client, make_document, pdf_upload):
    make_document("Старый документ", publish_at=timezone.now() - 3 * HOUR)
    make_document(
        'Новый <документ> & "кавычки"', file=pdf_upload(SCANNED_PDF), text="<p>Текст</p>"
    )
    make_document("Черновик", is_published=False)
    make_document("Позже", publish_at=timezone.now() + HOUR)
    response = client.get("/documents/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 2
    assert titles[0].endswith('«Новый <документ> & "кавычки"»')
    assert titles[1].endswith("«Старый документ»")
    newest = feed.entries[0]
    assert newest.link.startswith("http://testserver/documents/")
    assert newest.id.startswith("urn:vestnik:document:")
    assert "Постановление" in [tag.term for tag in newest.tags]
    assert "/file/" in newest.content[0].value


def test_the_feed_is_listed_on_the_feeds_page(client):
    page = client.get("/feeds/").content.decode()
    assert "/documents/rss/" in page
    assert "Новые документы" in page


def test_the_api_lists_public_documents_with_the_filters(client, make_document, council):
    make_document("Постановление", number="1")
    make_document("Решение", number="2", kind=Document.Kind.DECISION, issuing_body=council)
    make_document("Черновик", number="3", is_published=False)
    answer = client.get("/api/documents/").json()
    assert answer["count"] == 2
    assert {item["title"] for item in answer["results"]} == {"Постановление", "Решение"}
    decision = client.get("/api/documents/", {"kind": "decision"}).json()["results"]
    assert [item["title"] for item in decision] == ["Решение"]
    assert decision[0]["kind_display"] == "Решение"
    assert decision[0]["issuing_body"] == {"name": council.name, "slug": "sovet"}
    assert client.get("/api/documents/", {"body": "sovet"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "status"),
    [({"kind": "nonsense"}, 422), ({"body": "nobody"}, 400), ({"x": "1"}, 400)],
)
def test_the_api_refuses_what_it_does_not_know(client, make_document, query, status):
    make_document()
    assert client.get("/api/documents/", query).status_code == status


def test_the_api_document_with_its_links(client, make_document, pdf_upload):
    old = make_document("Старый", number="215")
    new = make_document("Новый", number="398", file=pdf_upload(SCANNED_PDF))
    DocumentLink.objects.create(source=new, kind=DocumentLink.Kind.REPEALS, target=old)
    answer = client.get(f"/api/documents/{new.slug}/").json()
    assert answer["links"] == [
        {
            "kind": "repeals",
            "label": "отменяет",
            "document": {
                "designation": old.designation,
                "title": "Старый",
                "url": "http://testserver" + old.get_absolute_url(),
            },
        }
    ]
    assert answer["file_url"] == "http://testserver" + new.get_file_url()
    assert answer["accessible"] is False
    assert answer["date"] == "2019-10-24"
    back = client.get(f"/api/documents/{old.slug}/").json()
    assert back["linked_from"][0]["label"] == "отменён документом"
    assert back["text"] == "<p>Текст постановления.</p>"


def test_the_api_hides_what_is_not_public(client, make_document):
    draft = make_document(is_published=False)
    assert client.get(f"/api/documents/{draft.slug}/").status_code == 404


def parse(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def test_the_open_data_set_of_documents(client, make_document, settings):
    document = make_document('Кавычки "и" =ФОРМУЛА(), запятые', number="412")
    make_document("Черновик", number="9", is_published=False)
    meta = dict(parse(client.get("/opendata/documents/meta.csv"))[1:])
    assert meta["title"] == "Реестр документов города"
    data_url = next(value for name, value in meta.items() if name.startswith("data-"))
    rows = parse(client.get(urlsplit(data_url).path))
    header, *records = rows
    assert header[:4] == ["id", "kind", "kind_name", "number"]
    assert len(records) == 1
    record = dict(zip(header, records[0], strict=True))
    assert record["title"] == 'Кавычки "и" =ФОРМУЛА(), запятые'
    assert record["date"] == "2019-10-24"
    assert record["status_name"] == "Действует"
    assert record["url"] == settings.SITE_URL.rstrip("/") + document.get_absolute_url()
    structure_url = next(value for name, value in meta.items() if name.startswith("structure-"))
    structure = parse(client.get(urlsplit(structure_url).path))
    assert [row[0] for row in structure[1:]] == header


def test_the_sitemap_lists_public_documents(client, make_document):
    public = make_document("Публичный", number="1")
    draft = make_document("Черновик", number="2", is_published=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in sitemap
    assert draft.get_absolute_url() not in sitemap
