"""What a post says: cut at a word within the channel's limit, the link always whole."""

import pytest

from channels.crossposting import compose
from channels.crossposting.clients import ChannelError, Draft, Failure
from channels.crossposting.clients.ok import OKClient
from channels.crossposting.clients.telegram import TelegramClient
from channels.crossposting.clients.vk import VKClient
from tests.channels.fake_social import OK_APP_KEY, OK_APP_SECRET, OK_TOKEN, VK_TOKEN

LINK = "https://vestnik.example.ru/news/novost/"


@pytest.mark.parametrize("room", [60, 61, 70, 100, 300])
def test_a_text_is_cut_at_a_word_within_the_limit(room):
    text, was_cut = compose.text_of("Заголовок", "раз два три четыре пять " * 20, LINK, room)
    assert was_cut and len(text) <= room
    assert text.endswith(f"…\n\n{LINK}")
    body = text.split("\n\n")[1]
    assert all(word in {"раз", "два", "три", "четыре", "пять"} for word in body[:-1].split())


def test_a_short_text_is_whole():
    assert compose.text_of("Заголовок", "Лид.", LINK, 1024) == (
        f"Заголовок\n\nЛид.\n\n{LINK}",
        False,
    )


def test_an_overlong_title_is_cut_too_and_the_link_kept():
    text, was_cut = compose.text_of("Очень " * 100, "Лид.", LINK, 200)
    assert was_cut and len(text) <= 200 and text.endswith(LINK)


def test_one_huge_word_is_cut_inside():
    assert compose.cut("а" * 50, 10) == "а" * 9 + "…"


def test_the_crop_keeps_the_centre():
    assert compose.crop_box(800, 800, 16 / 9) == (0, 175, 800, 625)
    assert compose.crop_box(1600, 600, 16 / 9) == (266, 0, 1333, 600)


@pytest.mark.parametrize(
    ("code", "failure", "retry_after"),
    [
        (9, Failure.RETRY, 3600),
        (6, Failure.RETRY, 1),
        (10, Failure.RETRY, None),
        (5, Failure.FATAL, None),
        (214, Failure.FATAL, None),
    ],
)
def test_vk_errors(fake_social, code, failure, retry_after):
    fake_social.script("vk", "wall.post", {"error": {"error_code": code, "error_msg": "x"}})
    with pytest.raises(ChannelError) as raised:
        VKClient(VK_TOKEN, "123456").post(Draft("Текст", LINK))
    assert (raised.value.failure, raised.value.retry_after) == (failure, retry_after)


@pytest.mark.parametrize(
    ("code", "failure"),
    [(8, Failure.RETRY), (2, Failure.RETRY), (102, Failure.FATAL), (104, Failure.FATAL)],
)
def test_ok_errors(fake_social, code, failure):
    fake_social.script("ok", "fb.do", {"error_code": code, "error_msg": "x", "error_data": None})
    with pytest.raises(ChannelError) as raised:
        OKClient(OK_TOKEN, "5500", OK_APP_KEY, OK_APP_SECRET).post(Draft("Текст", LINK))
    assert raised.value.failure == failure


def test_a_wrong_ok_secret_is_refused_by_its_signature(fake_social):
    with pytest.raises(ChannelError) as raised:
        OKClient(OK_TOKEN, "5500", OK_APP_KEY, "wrong secret").post(Draft("Текст", LINK))
    assert raised.value.failure == Failure.FATAL


def test_an_overlong_caption_refused_by_telegram_is_a_failure(fake_social):
    from tests.channels.fake_social import TELEGRAM_TOKEN

    with pytest.raises(ChannelError) as raised:
        TelegramClient(TELEGRAM_TOKEN, "@vestnik").post(Draft("т" * 1100, LINK, b"jpeg"))
    assert raised.value.failure == Failure.FATAL
    assert "caption is too long" in raised.value.reason
