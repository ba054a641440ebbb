"""Whatever is typed into the search box, or put into its address, gives a sensible page."""

import lxml.html
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import search

SEARCH = reverse("portal:search")

HOSTILE_QUERIES = [
    "",
    " ",
    "а" * 1500,
    "побратим " * 150,
    "!!!???...,,,;;;",
    "—–-",
    "& | ! : * ( ) ' \"",
    "побратим & | !торез",
    "'побратим':* & !",
    "(((",
    "))) (((",
    "<->",
    "<2> <-> !!",
    '"',
    '"""побратим',
    "-",
    "- - -",
    "or",
    "OR or Or",
    "\\",
    "\\\\'",
    "\x00",
    "побр\x00атим",
    "\x00\x01\x02\x1b[31m",
    "'; DROP TABLE news_article; --",
    "1' OR '1'='1",
    "%",
    "_%_",
    "<script>alert(1)</script>",
    "Alchevsk Алчевск 2019 ⚽ 北京 مرحبا",
    "\u202eмиртабоп\u202c",
    "и\u0301",
    "\ufeff\u200b\u200d",
    "\ue000побратим\ue001",
    "🙂" * 300,
    "0" * 300,
    "a:*",
    "торез:*B",
    "\t\n\r",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_give_a_sensible_page(client, press_release, twinning, query):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    [field] = tree.xpath("//main//input[@name='q']")
    assert len(field.get("value") or "") <= search.MAX_QUERY_LENGTH
    assert tree.xpath("//script[not(@type='application/ld+json')]") == []


def test_the_query_is_shown_back_escaped(client, press_release):
    response = client.get(
        SEARCH, {"q": '<script>alert(1)</script> "><img src=x onerror=alert(1)>'}
    )

    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "побратим", "page": "-1"},
        {"q": "побратим", "page": "0"},
        {"q": "побратим", "page": "9" * 5000},
        {"q": "побратим", "page": "1e400"},
        {"q": "побратим", "page": "\x00"},
        {"q": "побратим", "type": "news\x00"},
        {"q": "побратим", "date_from": "\x00", "date_to": "2019-13-45"},
        {"q": ["побратим", "торез"]},
        {"zzz": "1"},
    ],
)
def test_hostile_parameters_give_a_sensible_page(client, press_release, params):
    assert client.get(SEARCH, params).status_code == 200


def test_clean_query_keeps_words_and_drops_what_cannot_be_searched():
    assert search.clean_query("  побратим\x00\x01 торез  ") == "побратим торез"
    assert search.clean_query("it's a\\b") == "it s a b"
    assert len(search.clean_query("я" * 5000)) == search.MAX_QUERY_LENGTH
    assert search.SearchTerms.parse("!!! ...").words == ()
    assert not search.SearchTerms.parse("& | ! : * ( )")


# Characters that mean something to tsquery, SQL, HTML or URLs, and words in several scripts.
SPECIAL = [*list("&|!:*()'\"\\<>-%_;=?#/.,[]{}~^$@+"), "\x00", "\u202e", "\u200b", "\ufeff"]
WORDS = ["побратим", "Торез", "Алчевск", "город", "or", "and", "not", "Ёлка", "2019", "北京", "İ"]
queries = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=1200),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS)), max_size=60).map(
        "".join
    ),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.sampled_from(WORDS)), max_size=30).map(
        " ".join
    ),
)
parameters = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=queries,
    kind=st.one_of(st.sampled_from(["", "news", "events"]), parameters),
    date_from=parameters,
    page_number=parameters,
)
def test_no_query_ever_fails(client, press_release, twinning, query, kind, date_from, page_number):
    response = client.get(
        SEARCH, {"q": query, "type": kind, "date_from": date_from, "page": page_number}
    )

    assert response.status_code == 200
