"""manage.py import_news: RSS, Atom and WordPress archives become articles, once.

The sample documents are in tests/data/import/. Their images live at
http://media.example.test/, which the tests replace with a small HTTP server on 127.0.0.1
(the only network the tests use).
"""

import datetime
import http.server
import io
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from news.importing import Fetcher, ImportSourceError, parse_source, read_source
from news.models import Article, Rubric, Tag
from tests.support import make_image_bytes

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
UTC = datetime.UTC

pytestmark = pytest.mark.django_db


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up early (a timeout, a size limit) is what some tests do."""


class MediaServer:
    """Serves a few generated images (and one fake) on 127.0.0.1; everything else is 404."""

    def __init__(self):
        jpeg = make_image_bytes(width=80, height=60)
        png = make_image_bytes(width=40, height=30, image_format="PNG", color=(0, 90, 160))
        self.files = {
            "/lead.jpg": (jpeg, "image/jpeg"),
            "/forum.jpg": (make_image_bytes(color=(10, 120, 10)), "image/jpeg"),
            "/images/festival.png": (png, "image/png"),
            "/wp-content/uploads/2018/12/vystupleniya.jpg": (jpeg, "image/jpeg"),
            "/not-an-image.jpg": (b"<html>not an image</html>", "image/jpeg"),
        }
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                if self.path == "/slow.jpg":
                    time.sleep(1.5)
                found = server.files.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                content, content_type = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args):
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def media_server(settings):
    """The local server, which the importer may reach only because the test allows it."""
    with MediaServer() as server:
        settings.IMPORT_FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
        settings.IMPORT_FETCH_ALLOWED_PORTS = [80, 443, server.port]
        yield server


@pytest.fixture
def sample(media_server, tmp_path):
    """The path of a sample document whose media URLs point at the local server."""

    def build(name):
        text = (DATA / name).read_text(encoding="utf-8")
        path = tmp_path / name
        path.write_text(text.replace("http://media.example.test", media_server.base), "utf-8")
        return str(path)

    return build


def run_import(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_news", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_rss_items_become_published_articles_with_their_original_dates(sample, rubric):
    out, err = run_import(sample("rss.xml"))

    assert "Created: 3, updated: 0, skipped: 0, errors: 0." in out
    assert err == ""
    signing = Article.objects.get(import_guid="old-site-news-1001")
    assert signing.title == "Алчевск и Торез подписали соглашение о побратимстве"
    assert signing.status == Article.Status.PUBLISHED
    assert signing.publish_at == datetime.datetime(2019, 10, 29, 11, 30, tzinfo=UTC)
    assert signing.first_published_at == signing.publish_at
    assert signing.source_url == "http://old.example.test/news/2019/10/29/pobratimstvo"
    assert signing.lead == "Соглашение подписано на Донецком международном инвестиционном форуме."
    assert set(Article.objects.published()) == set(Article.objects.all())


def test_categories_map_to_rubrics_and_tags(sample, rubric):
    run_import(sample("rss.xml"))

    signing = Article.objects.get(import_guid="old-site-news-1001")
    assert signing.rubric.name == "Культура"  # created: no rubric had the name
    assert [tag.name for tag in signing.tags.all()] == ["побратимы"]
    reception = Article.objects.get(title="Приём граждан в администрации")
    assert reception.rubric == rubric  # «Общество» exists already
    assert set(Rubric.objects.values_list("name", flat=True)) == {"Общество", "Культура", "Спорт"}


def test_a_default_rubric_takes_items_whose_categories_name_no_rubric(sample, rubric):
    run_import(sample("rss.xml"), "--rubric", rubric.slug)

    assert set(Article.objects.values_list("rubric__name", flat=True)) == {"Общество"}
    assert set(Tag.objects.values_list("name", flat=True)) == {"Культура", "побратимы", "Спорт"}


def test_the_html_is_sanitised(sample, rubric):
    run_import(sample("rss.xml"))

    body = Article.objects.get(import_guid="old-site-news-1001").body
    assert "<strong>соглашение</strong>" in body
    for dangerous in ("<script", "onclick", "javascript:", "steal()"):
        assert dangerous not in body


def test_images_are_validated_and_stored_here(sample, rubric, settings, media_server):
    out, _err = run_import(sample("rss.xml"))

    signing = Article.objects.get(import_guid="old-site-news-1001")
    assert signing.lead_image.name.startswith("media/")  # into the library
    assert signing.lead_image_alt == signing.lead_image.alt == signing.title
    assert (signing.lead_image.width, signing.lead_image.height) == (80, 60)
    # The image in the text is copied too: the site's CSP shows no other site's images.
    assert f'src="{settings.MEDIA_URL}news/imported/' in signing.body
    assert media_server.base not in signing.body
    # An image that is missing, or is not an image, is reported and left out.
    assert "missing.jpg is not imported: the server answered 404" in out
    assert "not-an-image.jpg is not imported" in out
    assert not Article.objects.get(title="Турнир юных футболистов").lead_image
    assert not Article.objects.get(title="Приём граждан в администрации").lead_image


def test_plain_text_leads_decode_entities(sample, rubric):
    run_import(sample("rss.xml"))

    match = Article.objects.get(title="Турнир юных футболистов")
    assert (
        match.lead == "Команды Алчевска и Тореза сыграли товарищеский матч & обменялись кубками."
    )
    assert match.import_guid == "http://old.example.test/news/2019/09/01/turnir"  # no GUID


def test_importing_twice_creates_nothing_new(sample, rubric, media_server):
    path = sample("rss.xml")
    run_import(path)
    articles = {article.pk: article.version for article in Article.objects.all()}
    downloads = len(media_server.requests)

    out, _err = run_import(path)

    assert "Created: 0, updated: 0, skipped: 3, errors: 0." in out
    assert {article.pk: article.version for article in Article.objects.all()} == articles
    assert len(media_server.requests) == downloads  # skipped items download nothing


def test_update_refreshes_imported_articles_in_place(sample, rubric):
    path = sample("rss.xml")
    run_import(path)
    Article.objects.filter(import_guid="old-site-news-1001").update(title="Изменено на портале")

    out, _err = run_import(path, "--update")

    assert "Created: 0, updated: 3, skipped: 0, errors: 0." in out
    assert Article.objects.count() == 3
    assert Article.objects.filter(title="Алчевск и Торез подписали соглашение о побратимстве")


def test_update_keeps_the_lead_image_and_fetches_it_once(sample, rubric, media_server):
    path = sample("atom.xml")
    run_import(path)
    festival = Article.objects.get(title="Фестиваль «Звёзды Донбасса»")
    image = festival.lead_image.name

    run_import(path, "--update")

    festival.refresh_from_db()
    assert festival.lead_image.name == image
    assert "<img" not in festival.body
    assert media_server.requests.count("/images/festival.png") == 1


def test_a_dry_run_saves_nothing(sample, rubric, settings):
    out, _err = run_import(sample("rss.xml"), "--dry-run")

    assert "Created: 3, updated: 0, skipped: 0, errors: 0. Dry run: nothing was saved." in out
    assert Article.objects.count() == 0
    assert list(Rubric.objects.all()) == [rubric]
    assert Tag.objects.count() == 0
    assert media_files(settings) == []


def test_drafts_on_request(sample, rubric):
    run_import(sample("rss.xml"), "--status", "draft")

    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    assert not Article.objects.published().exists()


def test_atom_entries(sample, rubric):
    out, _err = run_import(sample("atom.xml"))

    assert "Created: 2, updated: 0, skipped: 0, errors: 0." in out
    festival = Article.objects.get(import_guid="urn:uuid:6a1f2c1e-2222-4a43-9e0a-000000000001")
    assert festival.title == "Фестиваль «Звёзды Донбасса»"  # the title's HTML is dropped
    assert festival.publish_at == datetime.datetime(2018, 4, 21, 15, 0, tzinfo=UTC)
    assert festival.lead == "Вокалисты Тореза выступили на фестивале в Алчевске."
    assert festival.source_url == "http://old.example.test/news/festival"
    assert festival.rubric.name == "Культура"
    assert [tag.name for tag in festival.tags.all()] == ["фестиваль"]
    # The relative image address is resolved against xml:base; as the text's first image it
    # becomes the lead image and leaves the text.
    assert festival.lead_image.name.endswith(".png")
    assert festival.lead_image_alt == "Сцена фестиваля"
    assert "<img" not in festival.body
    plan = Article.objects.get(title="План сотрудничества на 2020 год")
    assert plan.publish_at == datetime.datetime(2020, 1, 15, 10, 0, tzinfo=UTC)  # «updated»
    assert plan.rubric == rubric
    assert "<em>план сотрудничества</em>" in plan.body


def test_wordpress_export(sample, rubric):
    out, _err = run_import(sample("wordpress.xml"), "--verbosity", "2")

    assert "Created: 2, updated: 0, skipped: 3, errors: 0." in out
    assert "skipped, not published in the source (draft)" in out
    assert "skipped, not a post (page)" in out
    assert "skipped, not a post (attachment)" in out
    concerts = Article.objects.get(import_guid="http://old.example.test/?p=101")
    assert concerts.slug == "vystupleniya-kollektivov"  # the old address's slug is kept
    assert concerts.publish_at == datetime.datetime(2018, 12, 20, 12, 0, tzinfo=UTC)
    assert concerts.lead == "Коллективы Алчевска выступили в Торезе."
    assert concerts.rubric.name == "Культура"
    assert sorted(tag.name for tag in concerts.tags.all()) == ["Торез", "концерты"]
    assert concerts.body.startswith("<p>В 2017–2018 годах коллективы Алчевска выступили")
    assert "<h2>Планы</h2>" in concerts.body
    assert "<br>" in concerts.body
    assert concerts.lead_image  # the featured image, an attachment of the export
    festival = Article.objects.get(import_guid="http://old.example.test/?p=55")
    # No GMT date: the RSS date; a post name that is not a Latin slug gives a new slug.
    assert festival.publish_at == datetime.datetime(2016, 6, 1, 7, 0, tzinfo=UTC)
    assert festival.slug == "detskii-festival-v-toreze"


def test_each_malformed_item_is_reported_and_the_others_imported(sample, rubric):
    out, err = run_import(sample("malformed-items.xml"))

    assert "Created: 1, updated: 0, skipped: 0, errors: 5." in out
    assert "item 1 «untitled»: The item has no title." in err
    assert "item 2 «Новость с невозможной датой»: The date «32 Octember 2019 25:61» is not" in err
    assert "item 3 «Новость без даты»: The item has no publication date." in err
    assert "item 4 «Новость без адреса и идентификатора»: The item has neither a GUID" in err
    assert "item 5 «Новость без рубрики»: The item has no category" in err
    assert list(Article.objects.values_list("title", flat=True)) == ["Исправная новость"]


def test_a_failure_inside_an_item_leaves_nothing_of_it(sample, rubric, settings, monkeypatch):
    from news.importing import writing

    real_tag_named = writing.tag_named

    def failing(name):
        if name == "побратимы":
            raise RuntimeError("disk full")
        return real_tag_named(name)

    monkeypatch.setattr(writing, "tag_named", failing)

    out, err = run_import(sample("rss.xml"))

    assert "Created: 2, updated: 0, skipped: 0, errors: 1." in out
    assert "RuntimeError: disk full" in err
    assert not Article.objects.filter(import_guid="old-site-news-1001").exists()
    assert not Rubric.objects.filter(name="Культура").exists()  # created for it, rolled back
    assert not [path for path in media_files(settings) if "imported" in str(path)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken.xml", "The document is not well-formed XML (line 13"),
        ("xml-bomb.xml", "declares XML entities"),
        ("external-entity.xml", "declares XML entities"),
        ("not-a-feed.xml", "This is not an RSS, Atom or WordPress export document."),
    ],
)
def test_unreadable_documents_are_refused_whole(sample, rubric, name, message):
    started = time.monotonic()
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run_import(sample(name))
    assert time.monotonic() - started < 5
    assert Article.objects.count() == 0


def test_entities_are_never_expanded():
    data = (DATA / "external-entity.xml").read_bytes()
    with pytest.raises(ImportSourceError):
        parse_source(data)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(str(tmp_path / "nowhere.xml"))


def test_an_unknown_default_rubric_is_a_clear_error(sample):
    with pytest.raises(CommandError, match="There is no rubric «nowhere»"):
        run_import(sample("rss.xml"), "--rubric", "nowhere")


def test_a_feed_is_read_from_an_http_address(media_server, rubric):
    feed = (
        (DATA / "atom.xml")
        .read_text("utf-8")
        .replace("http://media.example.test", media_server.base)
    )
    media_server.files["/feed.xml"] = (feed.encode(), "application/atom+xml")

    out, _err = run_import(f"{media_server.base}/feed.xml", "--no-images")

    assert "Created: 2" in out
    assert not Article.objects.exclude(lead_image=None).exists()


@translation.override("en")
def test_only_http_addresses_are_fetched(media_server):
    fetcher = Fetcher()
    with pytest.raises(ImportSourceError, match="Cannot download"):
        read_source(f"{media_server.base}/nothing.xml", fetcher)
    with pytest.raises(ImportSourceError, match="file path or an http"):
        read_source("file:///etc/passwd", fetcher)
    with pytest.raises(ImportSourceError, match="file path or an http"):
        read_source("ftp://127.0.0.1/feed.xml", fetcher)


def test_downloads_time_out(sample, rubric, media_server, tmp_path):
    media_server.files["/slow.jpg"] = (make_image_bytes(), "image/jpeg")
    text = (
        (DATA / "rss.xml")
        .read_text("utf-8")
        .replace("http://media.example.test/lead.jpg", f"{media_server.base}/slow.jpg")
    )
    path = tmp_path / "slow.xml"
    path.write_text(text.replace("http://media.example.test", media_server.base), "utf-8")

    started = time.monotonic()
    out, _err = run_import(str(path), "--timeout", "0.3")

    assert "slow.jpg is not imported: timed out" in out
    assert "Created: 3" in out
    assert time.monotonic() - started < 10


def test_a_wordpress_date_marked_minus_0000_is_utc_not_moscow_time():
    """RFC 5322: «-0000» is a time in UTC whose local offset is unknown (WordPress writes it
    when the site's zone is not set); only the bare post_date is the site's local time."""
    document = (DATA / "wordpress.xml").read_text(encoding="utf-8")
    document = document.replace(
        "<pubDate>Wed, 01 Jun 2016 07:00:00 +0000</pubDate>",
        "<pubDate>Tue, 31 May 2016 22:30:00 -0000</pubDate>",
    )

    feed = parse_source(document.encode())

    [festival] = [item for item in feed.items if item.guid == "http://old.example.test/?p=55"]
    assert festival.published == datetime.datetime(2016, 5, 31, 22, 30, tzinfo=UTC)
    assert timezone.localtime(festival.published).date() == datetime.date(2016, 6, 1)
