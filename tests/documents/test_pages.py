"""The public list of documents (filters, search, pages), a document's page, and its file."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import Document, DocumentLink
from tests.documents.conftest import SCANNED_PDF, TAGGED_TEXT_PDF

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def content(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_public_documents_only(client, make_document):
    make_document("Публичный документ")
    make_document("Черновик документа", is_published=False)
    make_document("Запланированный документ", publish_at=timezone.now() + HOUR)
    make_document(
        "Снятый документ", publish_at=timezone.now() - 2 * HOUR, expire_at=timezone.now()
    )
    page = content(client.get("/documents/"))
    assert "Публичный документ" in page
    assert "Черновик документа" not in page
    assert "Запланированный документ" not in page
    assert "Снятый документ" not in page
    assert "1 документ" in page


def test_the_filters(client, make_document, council):
    make_document("Постановление о побратимстве", adopted_on=datetime.date(2019, 10, 24))
    make_document(
        "Решение совета",
        kind=Document.Kind.DECISION,
        issuing_body=council,
        adopted_on=datetime.date(2020, 3, 1),
    )
    make_document("Отменённое постановление", status=Document.Status.REPEALED)
    cases = {
        "?kind=decision": {"Решение совета"},
        "?status=repealed": {"Отменённое постановление"},
        "?year=2020": {"Решение совета"},
        "?body=sovet": {"Решение совета"},
        "?kind=resolution&status=in_force": {"Постановление о побратимстве"},
    }
    titles = {"Постановление о побратимстве", "Решение совета", "Отменённое постановление"}
    for query, expected in cases.items():
        page = content(client.get("/documents/" + query))
        assert {title for title in titles if title in page} == expected, query


@pytest.mark.parametrize(
    "query",
    [
        "?kind=nonsense",
        "?year=abc",
        "?year=99999999999999999999",
        "?body=%00",
        "?status[]=x",
        "?page=abc",
        "?q=" + "а" * 5000,
        "?q=%22%27%3C%3E()*:&kind=",
    ],
)
def test_bad_parameters_fall_back_and_never_fail(client, make_document, query):
    make_document("Документ для проверки")
    response = client.get("/documents/" + query)
    assert response.status_code == 200


def test_an_unknown_filter_value_is_ignored_with_a_note(client, make_document):
    make_document("Документ для проверки")
    page = content(client.get("/documents/?kind=nonsense"))
    assert "Документ для проверки" in page
    assert "не распознаны" in page


def test_a_page_past_the_end_is_404(client, make_document):
    make_document()
    assert client.get("/documents/?page=9").status_code == 404


def test_pagination_like_news(client, make_document, settings):
    for number in range(settings.NEWS_PAGE_SIZE + 1):
        make_document(f"Документ номер {number}", number=str(number + 1))
    first = content(client.get("/documents/"))
    assert 'rel="next"' in first
    second = content(client.get("/documents/?page=2"))
    assert second.count('class="document-card"') == 1


def test_search_by_number_title_and_text(client, make_document):
    make_document("О побратимских связях", number="412", text="<p>Город Торез</p>")
    make_document("О бюджете города", number="77-р", text="<p>Расходы на дороги</p>")
    for query, expected in {
        "412": "О побратимских связях",
        "77-р": "О бюджете города",
        "побратимских": "О побратимских связях",
        "Торез": "О побратимских связях",
        "дорогам": "О бюджете города",
    }.items():
        page = content(client.get("/documents/", {"q": query}))
        assert expected in page, query
        assert page.count('class="document-card"') == 1, query


def test_the_search_reaches_no_draft(client, make_document):
    make_document("Секретный проект", is_published=False, text="<p>Тайна</p>")
    page = content(client.get("/documents/", {"q": "Тайна"}))
    assert "Секретный проект" not in page


def test_the_site_search_finds_documents(client, make_document):
    make_document("О побратимских связях с Торезом", text="<p>Соглашение о побратимстве</p>")
    make_document("Скрытый торезский документ", is_published=False)
    page = content(client.get("/search/", {"q": "Торез"}))
    assert "О побратимских связях с Торезом" in page
    assert "Скрытый" not in page


def test_the_document_page(client, make_document):
    document = make_document(
        "О побратимстве",
        number="412",
        text='<p>Текст <strong>постановления</strong></p><script>alert("x")</script>',
    )
    page = content(client.get(document.get_absolute_url()))
    assert "Постановление от 24.10.2019 № 412" in page
    assert "Администрация города Алчевска" in page
    assert "<strong>постановления</strong>" in page
    assert 'alert("x")' not in page
    assert "Действует" in page


def test_plain_text_is_escaped(client, make_document, administration):
    administration.name = '<b>Совет</b> & "Ко"'
    administration.save()
    document = make_document('<script>alert("title")</script>', number="<i>1</i>")
    page = content(client.get(document.get_absolute_url()))
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<b>Совет</b>" not in page
    assert "<i>1</i>" not in page
    listing = content(client.get("/documents/"))
    assert "<script>alert" not in listing


def test_links_are_shown_both_ways(client, make_document):
    old = make_document("Старый порядок", number="215")
    new = make_document("Новый порядок", number="398")
    DocumentLink.objects.create(source=new, kind=DocumentLink.Kind.REPEALS, target=old)
    new_page = content(client.get(new.get_absolute_url()))
    assert "Отменяет" in new_page and old.get_absolute_url() in new_page
    old_page = content(client.get(old.get_absolute_url()))
    assert "Отменён документом" in old_page and new.get_absolute_url() in old_page


def test_links_to_documents_not_public_are_not_shown(client, make_document):
    public = make_document("Публичный", number="1")
    draft = make_document("Черновик изменений", number="2", is_published=False)
    DocumentLink.objects.create(source=draft, kind=DocumentLink.Kind.AMENDS, target=public)
    assert "Черновик изменений" not in content(client.get(public.get_absolute_url()))


def test_a_document_not_public_is_404_to_the_public_and_previewed_by_editors(
    editor_client, make_document
):
    document = make_document("Проект постановления", is_published=False)
    assert Client().get(document.get_absolute_url()).status_code == 404
    response = editor_client.get(document.get_absolute_url())
    assert "Предпросмотр" in content(response)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_expired_document_is_gone(client, make_document, time_machine):
    now = timezone.now()
    document = make_document(publish_at=now - HOUR, expire_at=now + HOUR)
    assert client.get(document.get_absolute_url()).status_code == 200
    time_machine.move_to(now + 2 * HOUR)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_file_is_refused_before_publication_and_served_after(
    client, make_document, pdf_upload, settings, time_machine
):
    now = timezone.now()
    document = make_document(file=pdf_upload(TAGGED_TEXT_PDF), publish_at=now + HOUR)
    url = document.file.url
    assert url == f"/documents/{document.slug}/file/{document.file.filename}"
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    assert client.get(url).status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404
    time_machine.move_to(now + 2 * HOUR)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == TAGGED_TEXT_PDF
    assert "public" in response["Cache-Control"]
    assert client.get(url + "x").status_code == 404


def test_editors_get_the_file_of_a_draft_never_cached(editor_client, make_document, pdf_upload):
    document = make_document(file=pdf_upload(TAGGED_TEXT_PDF), is_published=False)
    response = editor_client.get(document.file.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_page_offers_the_pdf_and_notes_a_scan(client, make_document, pdf_upload):
    document = make_document(file=pdf_upload(SCANNED_PDF))
    page = content(client.get(document.get_absolute_url()))
    assert document.file.url in page
    assert "скан" in page


@pytest.mark.parametrize("path", ["/documents/", "/documents/?kind=resolution&year=2019&q=Торез"])
def test_the_list_costs_the_same_queries_at_n_and_3n(
    client, make_document, django_assert_max_num_queries, path
):
    def count_for(total):
        for number in range(total - Document.objects.count()):
            make_document(f"Торез документ {number}", number=f"n{number}-{total}")
        client.get("/")  # the site settings and the like, read once per process
        with django_assert_max_num_queries(100) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    assert count_for(5) == count_for(15)


def test_the_page_costs_the_same_queries_with_more_links(
    client, make_document, django_assert_max_num_queries
):
    document = make_document("Основной документ", number="main")

    def count_with(links):
        for number in range(links - document.incoming_links.count()):
            source = make_document(f"Изменение {number}", number=f"c{number}-{links}")
            DocumentLink.objects.create(source=source, target=document)
        client.get("/")  # the site settings and the like, read once per process
        with django_assert_max_num_queries(100) as captured:
            assert client.get(document.get_absolute_url()).status_code == 200
        return len(captured)

    assert count_with(2) == count_with(6)


def test_the_menu_and_the_site_map_lead_to_the_documents(client, make_document):
    make_document()
    home = content(client.get("/"))
    assert 'href="/documents/"' in home
    site_map = content(client.get("/sitemap/"))
    assert "/documents/" in site_map and "Реестр документов" in site_map
