"""The work of one search is capped: no word longer than any real one, no trigram fallback for
long words, and on PostgreSQL a time limit; the reader is told to narrow the query instead."""

import threading
import time

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

SEARCH = reverse("portal:search")
TOO_LONG = "The query is too long: a word of more than %(letters)s letters is not searched for."
TOO_SLOW = "The search took too long. Please make the query more specific."
NOTHING_FOUND = (
    "Nothing was found. Check the spelling, use fewer words or another form of the word, "
    "or remove the filters."
)


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_word_longer_than_any_real_one_is_not_searched_for(client, make_article):
    make_article("а" * 41)
    refusal = escape(gettext(TOO_LONG) % {"letters": 40})

    content = page_text(client.get(SEARCH, {"q": "торез " + "а" * 41}))

    assert refusal in content
    assert 'class="search-results"' not in content
    assert refusal not in page_text(client.get(SEARCH, {"q": "а" * 40}))


@pytest.mark.postgres
@pytest.mark.django_db
def test_long_words_get_no_trigram_fallback(client, make_article):
    make_article("Рентгеноэлектрокардиографическое обследование школьников")
    make_article("Побратимы встретились в Торезе")

    misspelt_long = page_text(client.get(SEARCH, {"q": "рентгеноэлектрокордиографическое"}))
    misspelt_short = page_text(client.get(SEARCH, {"q": "побротимы"}))

    assert "Рентгеноэлектрокардиографическое обследование" not in misspelt_long
    assert escape(gettext(NOTHING_FOUND)) in misspelt_long
    assert "Побратимы встретились" in misspelt_short, "short words are still forgiven"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_search_that_takes_too_long_is_stopped_and_the_reader_told(
    client, make_article, settings, django_user_model
):
    """Another session holds the articles table, so the search cannot finish in time."""
    make_article("Побратимы встретились в Торезе")
    settings.SEARCH_STATEMENT_TIMEOUT = 0.3
    # A staff session keeps the request out of the page cache, whose content version may ask
    # the articles table too: only the search itself is to wait for the lock. (A made-up
    # session cookie no longer does: it gets the cached answer like anyone else.)
    client.force_login(django_user_model.objects.create_user("redaktor", is_staff=True))
    assert "Побратимы встретились" in page_text(client.get(SEARCH, {"q": "побратимы"}))
    params = connections["default"].settings_dict
    holder = load_backend(params["ENGINE"]).DatabaseWrapper({**params}, "lock-holder")
    holder.connect()
    holder.connection.execute("BEGIN")
    holder.connection.execute("LOCK TABLE news_article IN ACCESS EXCLUSIVE MODE")
    # Without a limit the search would wait for the lock: let go of it after a while.
    release = threading.Timer(8, holder.connection.rollback)
    release.start()
    try:
        started = time.monotonic()
        content = page_text(client.get(SEARCH, {"q": "побратимы"}))
        seconds = time.monotonic() - started
    finally:
        release.cancel()
        holder.connection.rollback()
        holder.close()

    assert escape(gettext(TOO_SLOW)) in content
    assert "Побратимы встретились" not in content
    assert seconds < 3
