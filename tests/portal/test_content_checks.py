"""The content checks (portal.content_checks): each fires on a bad example and stays quiet on a
good one; the demo press release has no errors."""

import pytest
from django.utils import translation

from portal.content_checks import WORDS_PER_MINUTE, check_content
from tests.portal.test_typography import press_release

GOOD_LEAD = "Короткое описание новости."


def codes(report) -> tuple[set[str], set[str]]:
    return {f.code for f in report.errors}, {f.code for f in report.warnings}


def check(body="", title="Новость дня", lead=GOOD_LEAD, **kwargs):
    return check_content(title=title, lead=lead, body=body, **kwargs)


# (code, is an error, a bad example, a good example): keyword arguments of check().
CASES = [
    ("empty_heading", True, {"body": "<h2></h2><p>Текст.</p>"}, {"body": "<h2>Итоги</h2>"}),
    ("empty_heading", True, {"body": "<h3>&nbsp;</h3>"}, {"body": "<h2>Итоги</h2><h3>Цифры</h3>"}),
    (
        "heading_order",
        False,
        {"body": "<h2>Итоги</h2><h4>Цифры</h4>"},
        {"body": "<h2>А</h2><h3>Б</h3><h2>В</h2>"},
    ),
    ("heading_order", False, {"body": "<h3>Сразу третий</h3>"}, {"body": "<h2>Второй</h2>"}),
    (
        "vague_link",
        False,
        {"body": '<p>Читайте <a href="/a/">здесь</a>.</p>'},
        {"body": '<p><a href="/a/">Полный текст соглашения</a></p>'},
    ),
    (
        "vague_link",
        False,
        {"body": '<p><a href="/a/">Подробнее…</a></p>'},
        {"body": '<p><a href="/a/">Подробнее о форуме</a></p>'},
    ),
    (
        "vague_link",
        False,
        {"body": '<p><a href="/a/">по ссылке</a></p>'},
        {"body": '<p><a href="/a/">план на 2020 год</a></p>'},
    ),
    (
        "vague_link",
        False,
        {"body": '<p><a href="/a/">тут</a></p>'},
        {"body": '<p><a href="/a/">тутовник</a></p>'},
    ),
    (
        "vague_link",
        False,
        {"body": '<p><a href="/a/">Ссылка</a></p>'},
        {"body": '<p><a href="/a/">Ссылка на закон</a></p>'},
    ),
    (
        "address_as_link",
        False,
        {"body": '<p><a href="https://alchevsk.ru/">https://alchevsk.ru/</a></p>'},
        {"body": '<p><a href="https://alchevsk.ru/">сайт администрации</a></p>'},
    ),
    (
        "address_as_link",
        False,
        {"body": '<p><a href="https://alchevsk.ru/">www.alchevsk.ru</a></p>'},
        {"body": '<p><a href="mailto:a@b.ru">пресс-служба</a></p>'},
    ),
    (
        "empty_link",
        False,
        {"body": '<p><a href="/a/"> </a></p>'},
        {"body": '<p><a href="/a/"><img src="/m/a.jpg" alt="Герб города"></a></p>'},
    ),
    (
        "image_without_alt",
        True,
        {"body": '<p><img src="/media/x.jpg"></p>'},
        {"body": '<p><img src="/media/x.jpg" alt="Глава города у стола"></p>'},
    ),
    (
        "image_without_alt",
        True,
        {"body": '<p><img src="/media/x.jpg" alt="  "></p>'},
        {"body": '<p><img src="/media/x.jpg" alt="Подписание"></p>'},
    ),
    (
        "alt_is_file_name",
        False,
        {"body": '<p><img src="/media/IMG_2041.jpg" alt="IMG_2041.jpg"></p>'},
        {"body": '<p><img src="/media/IMG_2041.jpg" alt="Подписание соглашения"></p>'},
    ),
    (
        "alt_is_file_name",
        False,
        {"body": '<p><img src="/media/a.jpg" alt="DSC01234"></p>'},
        {"body": '<p><img src="/media/a.jpg" alt="Дворец культуры"></p>'},
    ),
    (
        "alt_repeats_caption",
        False,
        {
            "body": '<figure class="image"><img src="/m/a.jpg" alt="Подписание соглашения"><figcaption>Подписание соглашения.</figcaption></figure>'
        },
        {
            "body": '<figure class="image"><img src="/m/a.jpg" alt="Главы городов пожимают руки"><figcaption>Подписание соглашения.</figcaption></figure>'
        },
    ),
    (
        "alt_repeats_caption",
        False,
        {"lead_image_alt": "Форум", "lead_image_caption": "Форум"},
        {"lead_image_alt": "Зал форума", "lead_image_caption": "Форум. Фото: пресс-служба"},
    ),
    ("alt_is_file_name", False, {"lead_image_alt": "photo.png"}, {"lead_image_alt": "Зал форума"}),
    (
        "table_without_header",
        False,
        {"body": "<table><tr><td>Город</td></tr><tr><td>Торез</td></tr></table>"},
        {
            "body": "<table><thead><tr><th>Город</th></tr></thead><tbody><tr><td>Торез</td></tr></tbody></table>"
        },
    ),
    (
        "capitals",
        False,
        {"body": "<p>ВНИМАНИЕ! ОТКЛЮЧЕНИЕ ВОДЫ ВО ВТОРНИК</p>"},
        {"body": "<p>Сотрудники МЧС ДНР и ЛНР провели учения.</p>"},
    ),
    (
        "capitals",
        False,
        {"body": "<h2>ИТОГИ ФОРУМА В ДОНЕЦКЕ</h2>"},
        {"body": "<h2>Итоги форума в Донецке</h2>"},
    ),
    (
        "capitals",
        False,
        {"title": "АЛЧЕВСК И ТОРЕЗ СТАЛИ ПОБРАТИМАМИ"},
        {"title": "Алчевск и Торез стали побратимами"},
    ),
    (
        "capitals",
        False,
        {"lead": "ВОДЫ НЕ БУДЕТ ВО ВСЁМ ГОРОДЕ ДО ВЕЧЕРА."},
        {"lead": "Воды не будет до вечера."},
    ),
    (
        "long_paragraph",
        False,
        {"body": "<p>" + "слово " * 250 + "</p>"},
        {"body": "<p>" + "слово " * 150 + "</p>" * 3},
    ),
    ("no_lead", True, {"lead": ""}, {"lead": "Одно предложение."}),
    ("no_lead", True, {"lead": "   "}, {"lead": "Ещё одно."}),
    (
        "lead_too_long",
        False,
        {"lead": "а" * 601, "lead_limit": 600},
        {"lead": "а" * 600, "lead_limit": 600},
    ),
    ("title_too_long", True, {"title": "Очень длинный заголовок " * 5}, {"title": "З" * 100}),
]


@pytest.mark.parametrize(
    ("code", "is_error", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_check_fires_on_a_bad_example_and_not_on_a_good_one(code, is_error, bad, good):
    errors, warnings = codes(check(**bad))
    assert code in (errors if is_error else warnings)
    assert code not in (warnings if is_error else errors), "a check is either an error or not"
    errors, warnings = codes(check(**good))
    assert code not in errors | warnings


def test_a_good_article_has_no_findings():
    report = check(
        body=(
            "<h2>Итоги</h2><p>Текст со <a href='/doc/'>ссылкой на план</a>.</p>"
            "<h3>Цифры</h3><figure class='image'><img src='/m/a.jpg' alt='Зал форума'>"
            "<figcaption>Форум. Фото: пресс-служба</figcaption></figure>"
            "<table><tr><th>Год</th></tr><tr><td>2020</td></tr></table>"
        )
    )
    assert report.errors == [] and report.warnings == []
    assert report.ok


def test_the_demo_press_release_passes_with_no_errors():
    title, lead, body = press_release()
    report = check_content(title=title, lead=lead, body=body, lead_limit=600)
    assert report.errors == []
    assert report.ok


def test_word_count_and_reading_time():
    report = check(lead="Два слова", body="<p>" + "слово " * 298 + "</p><p>город-побратим</p>")
    assert report.words == 301
    assert WORDS_PER_MINUTE == 150
    assert report.reading_minutes == 3
    with translation.override("ru"):
        assert report.summary == "301 слово, чтение — около 3 мин."
    assert check(lead="", body="").reading_minutes == 0


def test_the_messages_are_russian_and_name_the_problem():
    with translation.override("ru"):
        report = check(
            title="З" * 120, lead="", body='<h2></h2><p><img src="/media/scan.jpg"></p>'
        )
    messages = " ".join(f.message for f in report.errors)
    assert "Заголовок слишком длинный (знаков: 120)" in messages
    assert "scan.jpg" in messages
    assert "Заголовок 2-го уровня пуст" in messages and "Анонс не заполнен" in messages


@pytest.mark.parametrize(
    "body",
    [
        "<h2>",
        "<p><a>",
        "<![foo[",
        "<table><td>",
        "<p>" * 500,
        "<img alt>",
        "x" * 10,
        "<a href=''>",
    ],
)
def test_bad_markup_never_raises(body):
    check(body=body)
