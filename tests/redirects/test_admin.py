"""The chief editor's list of redirects (search, filters), the form, and the CSV upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Redirect
from tests.support import page
from tests.workflow.conftest import errors_of, messages_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:portal_redirect_changelist")
ADD = reverse("admin:portal_redirect_add")
IMPORT = reverse("admin:portal_redirect_import")


def text(tree, xpath) -> str:
    return " ".join(tree.xpath(f"string({xpath})").split())


def upload(client, content: bytes, name="redirects.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.fixture
def chief_client(login, chief):
    return login(chief)


def test_the_chief_editor_manages_redirects_and_an_author_cannot(login, chief, author):
    chief_client, author_client = login(chief), login(author)

    for url in (CHANGELIST, ADD, IMPORT):
        assert chief_client.get(url).status_code == 200, url
        assert author_client.get(url).status_code == 403, url
    assert author_client.post(IMPORT, {}).status_code == 403
    assert not Redirect.objects.exists()


def test_the_partnerships_officer_cannot_either(login, officer):
    assert login(officer).get(CHANGELIST).status_code == 403


def test_the_list_in_russian_with_search_and_filters(chief_client):
    Redirect.objects.create(old_path="/old/park.html", new_path="/news/park/")
    Redirect.objects.create(
        old_path="/новости/мост/", new_path="/news/most/", source=Redirect.Source.MOVED
    )
    Redirect.objects.create(old_path="/gosuslugi/", new_path="https://gosuslugi.ru/")

    tree = page(chief_client.get(CHANGELIST))
    assert text(tree, "//h1") == "Переадресации"
    assert text(tree, "//ul[@class='object-tools']//a[@class='addlink']") == (
        "Добавить переадресацию"
    )
    assert "Загрузить файл CSV" in text(tree, "//ul[@class='object-tools']")

    def listed(query):
        tree = page(chief_client.get(CHANGELIST, query))
        return tree.xpath("//td[contains(@class, 'field-new_path')]/text()")

    assert listed({"q": "park"}) == ["/news/park/"]
    # Typed as a browser's address bar copies it: percent-encoded.
    assert listed({"q": "%D0%BC%D0%BE%D1%81%D1%82"}) == ["/news/most/"]
    assert listed({"source__exact": "moved"}) == ["/news/most/"]
    assert listed({"leads": "elsewhere"}) == ["https://gosuslugi.ru/"]


def test_adding_a_redirect_keeps_the_path_of_an_old_sites_address(chief_client, chief):
    response = chief_client.post(
        ADD,
        {"old_path": "https://old.example.test/news/detail.php?ID=5", "new_path": "/news/park/"},
        follow=True,
    )

    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.new_path) == ("/news/detail.php?ID=5", "/news/park/")
    assert (redirect.source, redirect.created_by) == (Redirect.Source.EDITOR, chief)
    assert messages_of(response)[0].startswith("Переадресация «/news/detail.php?ID=5 → ")
    assert "добавлена" in messages_of(response)[0]


@pytest.mark.parametrize(
    ("new_path", "error"),
    [
        ("http://insecure.example/", "полным адресом https://"),
        ("//evil.example/", "полным адресом https://"),
        ("javascript:alert(1)", "полным адресом https://"),
    ],
)
def test_the_form_refuses_an_address_off_the_site_unless_https(chief_client, new_path, error):
    response = chief_client.post(ADD, {"old_path": "/old/", "new_path": new_path})

    assert response.status_code == 200
    assert error in errors_of(response)
    assert not Redirect.objects.exists()


def test_the_form_refuses_a_loop_and_a_second_redirect_of_one_address(chief_client):
    Redirect.objects.create(old_path="/a/", new_path="/b/")

    loop = chief_client.post(ADD, {"old_path": "/b/", "new_path": "/a/"})
    again = chief_client.post(ADD, {"old_path": "/a/", "new_path": "/c/"})

    assert "Получится петля" in errors_of(loop)
    assert "Переадресация с этого адреса уже есть" in errors_of(again)
    assert Redirect.objects.count() == 1


def test_a_good_csv_file_is_saved_whole(chief_client, chief):
    content = (
        b"old_path,new_path\n"
        b"/old/park.html,/news/park/\n"
        b"https://old.example.test/news/detail.php?ID=5,/news/park/\n"
        b"\n"
        b"/old/bridge.html,/old/park.html\n"
    )

    response = upload(chief_client, content)

    assert response.status_code == 302
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/old/park.html": "/news/park/",
        "/news/detail.php?ID=5": "/news/park/",
        "/old/bridge.html": "/news/park/",  # collapsed
    }
    assert set(Redirect.objects.values_list("source", flat=True)) == {Redirect.Source.FILE}
    assert messages_of(chief_client.get(CHANGELIST)) == ["Из файла добавлено переадресаций: 3."]


def test_a_windows_1251_file_with_semicolons_as_excel_saves_it(chief_client):
    content = "Старый адрес;Новый адрес\r\n/новости/парк/;/news/park/\r\n".encode("cp1251")

    upload(chief_client, content)

    assert Redirect.objects.get().old_path == "/новости/парк/"


def test_a_file_with_wrong_lines_saves_nothing_and_names_each_line(chief_client):
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    content = (
        b"/old/park.html,/news/park/\n"
        b"news/relative,/news/\n"
        b"/old/evil.html,http://evil.example/\n"
        b"/b/,/a/\n"
        b"/old/park.html,/news/other/\n"
        b"/only-one-column\n"
    )

    response = upload(chief_client, content)

    tree = page(response)
    rows = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
        for row in tree.xpath("//div[@id='csv-errors']//tbody/tr")
    ]
    assert [row[0] for row in rows] == ["2", "3", "4", "5", "6"]
    assert rows[0][1].startswith("Старый адрес должен быть путём на этом сайте")
    assert rows[1][1].startswith("Новый адрес должен быть путём на этом сайте")
    assert rows[2][1].startswith("Получится петля")
    assert rows[3][1] == "Старый адрес «/old/park.html» уже есть в строке 1."
    assert rows[4][1] == "Нужны два столбца: старый адрес и новый."
    assert "ничего не сохранено" in text(tree, "//div[@id='csv-errors']//caption").lower()
    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {"/a/": "/b/"}


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00\x00garbage\x81\x98", b"\n\n"],
)
def test_an_unreadable_or_empty_file_is_refused(chief_client, content):
    response = upload(chief_client, content)

    assert response.status_code == 200
    assert errors_of(response)
    assert not Redirect.objects.exists()


def test_a_line_replaces_the_redirect_of_its_old_address(chief_client):
    Redirect.objects.create(old_path="/old/park.html", new_path="/news/")

    upload(chief_client, b"/old/park.html,/news/park/\n")

    assert Redirect.objects.get().new_path == "/news/park/"
    assert messages_of(chief_client.get(CHANGELIST)) == [
        "Из файла добавлено переадресаций: 0. Заменено переадресаций: 1."
    ]
