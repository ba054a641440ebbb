"""A document scheduled to appear and to be removed, around Moscow midnight: everywhere the
public reaches documents (its page, the list, the RSS feed, the site search, the sitemap, the
API and open data) follows its times by itself, cached pages included — no cron, no save."""

import csv
import datetime
import io
from urllib.parse import urlsplit

import feedparser
import pytest

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
TITLE = "О графике приёма граждан"


def everywhere(client, document) -> dict[str, bool]:
    """Where the public finds ``document`` now."""
    feed = feedparser.parse(client.get("/documents/rss/").content)
    search = client.get("/search/", {"q": "графике приёма"}).content.decode()
    main = search.split("<main", 1)[1].split("</main>")[0]
    meta = dict(open_data(client.get("/opendata/documents/meta.csv"))[1:])
    data_url = next(value for name, value in meta.items() if name.startswith("data-"))
    rows = open_data(client.get(urlsplit(data_url).path))[1:]
    return {
        "page": client.get(document.get_absolute_url()).status_code == 200,
        "list": TITLE in client.get("/documents/").content.decode(),
        "feed": any(entry.title.endswith(f"«{TITLE}»") for entry in feed.entries),
        "search": TITLE in main,
        "sitemap": document.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "api": client.get("/api/documents/").json()["count"] == 1,
        "open data": any(TITLE in row for row in rows),
    }


def open_data(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def test_a_scheduled_document_appears_and_leaves_by_itself_near_midnight(
    client, make_document, near_midnight, time_machine
):
    appears = near_midnight + HOUR
    leaves = appears + datetime.timedelta(days=1)
    document = make_document(TITLE, publish_at=appears, expire_at=leaves)
    assert client.get("/documents/").headers["X-Cache"] == "miss"
    assert client.get("/documents/").headers["X-Cache"] == "hit"

    assert not any(everywhere(client, document).values())

    time_machine.move_to(appears, tick=False)
    assert client.get("/documents/").headers["X-Cache"] == "miss"  # the cached list expired
    assert all(everywhere(client, document).values()), everywhere(client, document)

    time_machine.move_to(leaves - datetime.timedelta(seconds=1), tick=False)
    assert all(everywhere(client, document).values())

    time_machine.move_to(leaves, tick=False)
    assert not any(everywhere(client, document).values()), everywhere(client, document)
