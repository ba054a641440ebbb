"""Russian typography on save (portal.typography): the rules, what they never touch, and that
running them twice changes nothing."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.sanitize import sanitize_html
from portal.typography import typeset, typeset_html

PRESS_RELEASE = Path(__file__).parents[2] / "news" / "demo_data" / "press-release-twinning.ru.txt"
SHARED_PRESS_RELEASE = Path("/work/shared/demo/press-release-twinning.ru.txt")


def nb(text: str) -> str:
    """Test texts write the non-breaking space as ``~``."""
    return text.replace("~", "\u00a0")


PLAIN_CASES = [
    # quotes
    ('Секция "Донбасс и регионы России"', "Секция «Донбасс и~регионы России»"),
    ('Он сказал: "Это "наш" город"', "Он сказал: «Это „наш“ город»"),
    ("“Английские” кавычки", "«Английские» кавычки"),
    ("«Уже „правильные“ кавычки»", "«Уже „правильные“ кавычки»"),
    ('«Смешанные "вложенные" кавычки»', "«Смешанные „вложенные“ кавычки»"),
    ('ООО"Ромашка"', "ООО«Ромашка»"),
    ('("В скобках")', "(«В~скобках»)"),
    ('"Первое", "второе".', "«Первое», «второе»."),
    ('"Вопрос?"', "«Вопрос?»"),
    ('Фильм "Белое солнце пустыни"!', "Фильм «Белое солнце пустыни»!"),
    ('"Газета "Вестник""', "«Газета „Вестник“»"),
    ("Д'Артаньян", "Д'Артаньян"),
    # short words
    ("в городе", "в~городе"),
    ("В городе", "В~городе"),
    ("Алчевск и Торез", "Алчевск и~Торез"),
    ("и в городе", "и~в~городе"),
    ("не был", "не~был"),
    ("ни один", "ни~один"),
    ("на площадке", "на~площадке"),
    ("по итогам", "по~итогам"),
    ("за год", "за~год"),
    ("из-за дождя", "из-за~дождя"),
    ("от души до края", "от~души до~края"),
    ("к морю, у моря, о море", "к~морю, у~моря, о~море"),
    ("а также", "а~также"),
    ("но потом", "но~потом"),
    ("город-сад и парк", "город-сад и~парк"),
    ("вокруг", "вокруг"),
    ("по-русски", "по-русски"),
    ("сказал же он", "сказал~же он"),
    ("придёт ли она", "придёт~ли она"),
    # dashes
    ("Алчевск - город", "Алчевск~— город"),
    ("Алчевск – город", "Алчевск~— город"),
    ("Алчевск — город", "Алчевск~— город"),
    ("- Реплика в диалоге", "—~Реплика в~диалоге"),
    ("город-побратим", "город-побратим"),
    ("1990-2000", "1990-2000"),
    ("−5 градусов", "−5~градусов"),
    # numbers and units
    ("5 км", "5~км"),
    ("10 %", "10~%"),
    ("2026 г.", "2026~г."),
    ("29 октября 2019 года", "29~октября 2019~года"),
    ("100 000 жителей", "100~000~жителей"),
    ("В 2019 Алчевск", "В~2019 Алчевск"),
    ("№ 5", "№~5"),
    ("§ 3", "§~3"),
    ("т. е. всё", "т.~е. всё"),
    ("и т. д.", "и~т.~д."),
    ("г. Торез", "г.~Торез"),
    ("ДК им. В. Маяковского", "ДК им.~В.~Маяковского"),
    ("ул. Ленина, д. 5", "ул.~Ленина, д.~5"),
    # initials
    ("И. И. Иванов", "И.~И.~Иванов"),
    ("Иванов И. И.", "Иванов~И.~И."),
    ("Н. Пяткова подписала", "Н.~Пяткова подписала"),
    # never touched
    ("https://alchevsk.ru/news/v-gorode - сайт", "https://alchevsk.ru/news/v-gorode~— сайт"),
    ("www.alchevsk.ru/a-b", "www.alchevsk.ru/a-b"),
    ('Адрес "https://example.org/a-b"', "Адрес «https://example.org/a-b»"),
    ("https://example.org/?q=в - и", "https://example.org/?q=в~— и"),
    ("Пишите на press-sluzhba@alchevsk.ru", "Пишите на~press-sluzhba@alchevsk.ru"),
    ("a - b@c.ru", "a~— b@c.ru"),
    ("", ""),
    ("Без изменений", "Без~изменений"),
    ("Ничего не менять", "Ничего не~менять"),
    # already typeset
    ("в~городе «Торез»~— побратим", "в~городе «Торез»~— побратим"),
]


@pytest.mark.parametrize(
    ("text", "expected"), PLAIN_CASES, ids=[c[0] or "empty" for c in PLAIN_CASES]
)
def test_plain_text(text, expected):
    result = typeset(nb(text))
    assert result == nb(expected)
    assert typeset(result) == result


HTML_CASES = [
    ('<p>Он сказал: "<em>привет</em>"</p>', "<p>Он сказал: «<em>привет</em>»</p>"),
    ("<p>в <strong>городе</strong></p>", "<p>в&nbsp;<strong>городе</strong></p>"),
    ("<p><em>в</em> городе</p>", "<p><em>в</em>&nbsp;городе</p>"),
    (
        '<p><a href="https://alchevsk.ru/v-gorode-i-rayone">в городе</a></p>',
        '<p><a href="https://alchevsk.ru/v-gorode-i-rayone" rel="noopener noreferrer">'
        "в&nbsp;городе</a></p>",
    ),
    (
        '<p><a href="https://example.org/?q=%22a%22" title="Сайт &quot;А&quot; - и Б">'
        '"Сайт"</a></p>',
        '<p><a href="https://example.org/?q=%22a%22" title="Сайт &quot;А&quot; - и Б" '
        'rel="noopener noreferrer">«Сайт»</a></p>',
    ),
    (
        '<figure class="image"><img src="/media/a.jpg" alt="Глава "города" - у стола">'
        "<figcaption>Глава - у стола</figcaption></figure>",
        '<figure class="image"><img src="/media/a.jpg" alt="Глава "><figcaption>'
        "Глава&nbsp;— у&nbsp;стола</figcaption></figure>",
    ),
    (
        '<p>Код: <code>"x" - y в z</code> и всё</p>',
        '<p>Код: <code>"x" - y в z</code> и&nbsp;всё</p>',
    ),
    ('<pre>a - b\n  в "c"</pre>', '<pre>a - b\n  в "c"</pre>'),
    (
        "<pre><code>if a - b:</code></pre><p>а - б</p>",
        "<pre><code>if a - b:</code></pre><p>а&nbsp;— б</p>",
    ),
    ("<p>Алчевск &amp; Торез - побратимы</p>", "<p>Алчевск &amp; Торез&nbsp;— побратимы</p>"),
    ("<p>1 &lt; 2 и 3 &gt; 2</p>", "<p>1 &lt; 2&nbsp;и&nbsp;3 &gt; 2</p>"),
    ("<p>в</p><p>городе</p>", "<p>в</p><p>городе</p>"),
    ("<p>в<br>городе</p>", "<p>в<br>городе</p>"),
    (
        "<ul><li>в городе</li><li>10 %</li></ul>",
        "<ul><li>в&nbsp;городе</li><li>10&nbsp;%</li></ul>",
    ),
    (
        "<table><tr><th>Город</th></tr><tr><td>г. Торез</td></tr></table>",
        "<table><tbody><tr><th>Город</th></tr><tr><td>г.&nbsp;Торез</td></tr></tbody></table>",
    ),
    ("<h2>Итоги - в цифрах</h2>", "<h2>Итоги&nbsp;— в&nbsp;цифрах</h2>"),
    (
        '<p>Пишите: <a href="mailto:press@alchevsk.ru">press@alchevsk.ru</a></p>',
        '<p>Пишите: <a href="mailto:press@alchevsk.ru" rel="noopener noreferrer">'
        "press@alchevsk.ru</a></p>",
    ),
    (
        "<p>в&nbsp;городе «Торез»&nbsp;— побратим</p>",
        "<p>в&nbsp;городе «Торез»&nbsp;— побратим</p>",
    ),
    ("<script>alert('в городе')</script><p>и всё</p>", "<p>и&nbsp;всё</p>"),
    ("", ""),
    # The sanitiser nests a heading opened in a heading, and splits it when read again.
    ("<h2><em><h2></em></h2>", "<h2><em></em></h2><h2><em></em></h2>"),
]


@pytest.mark.parametrize(("value", "expected"), HTML_CASES)
def test_rich_text(value, expected):
    result = typeset_html(value)
    assert result == expected
    assert typeset_html(result) == result
    assert sanitize_html(result) == result, "saving it again (the field sanitises) changes nothing"


def test_the_case_count_is_what_the_issue_asks():
    assert len(PLAIN_CASES) + len(HTML_CASES) >= 50


def press_release():
    lines = [line.strip() for line in PRESS_RELEASE.read_text(encoding="utf-8").splitlines()]
    title, lead, *paragraphs, _byline = [line for line in lines if line]
    return title, lead, "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def test_the_demo_press_release_is_the_shared_one():
    if not SHARED_PRESS_RELEASE.exists():
        pytest.skip("no shared copy on this machine")
    assert SHARED_PRESS_RELEASE.read_text(encoding="utf-8") == PRESS_RELEASE.read_text("utf-8")


def test_the_press_release_comes_out_right():
    title, lead, body = press_release()
    assert typeset(title) == title, "nothing to change in the title"
    assert typeset(lead) == nb(
        "Вчера, 29~октября, на~площадке Донецкого международного инвестиционного форума "
        "в~рамках работы секции «Донбасс и~регионы России» Глава Администрации города Алчевска "
        "Наталья Пяткова подписала Соглашение об~установлении побратимских связей с~городом "
        "Торез Донецкой Народной Республики."
    )
    result = typeset_html(body)
    for fragment in [
        "<p>—&nbsp;К&nbsp;подписанию Соглашения",
        "во&nbsp;Дворце культуры им.&nbsp;В.Маяковского (г.Торез, ДНР),&nbsp;— отмечает",
        "Наталья Пяткова.&nbsp;— В&nbsp;2017&nbsp;— 2018&nbsp;годах",
        "«Луганский край&nbsp;— казачий край»",
        "делегации Алчевска&nbsp;— всегда желанный гость",
        "на&nbsp;2020&nbsp;год.",
        "<p>—&nbsp;Знаю, что у&nbsp;нашей дружбы есть большой потенциал,&nbsp;— подытожила",
        "Пяткова.&nbsp;— Наши города",
    ]:
        assert fragment in result
    assert " - " not in result and " – " not in result
    assert typeset_html(result) == result


WORDS = st.sampled_from(
    [
        "в",
        "и",
        "на",
        "не",
        "город",
        "Торез",
        "И.",
        "Иванов",
        "5",
        "км",
        "10",
        "%",
        "2026",
        "г.",
        "-",
        "–",
        "—",
        '"',
        "«",
        "»",
        "„",
        "“",
        "”",
        "(",
        ")",
        ",",
        ".",
        "https://a.ru/x-y",
        "a@b.ru",
        "же",
        "т.",
        "е.",
        "100",
        "000",
        "№",
        "из-за",
        "'",
    ]
)
SEPARATORS = st.sampled_from([" ", "\u00a0", "", "\n"])
TEXTS = st.lists(st.tuples(WORDS, SEPARATORS), max_size=30).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)


@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_plain_text_is_idempotent(text):
    once = typeset(text)
    assert typeset(once) == once
    assert len(once) == len(text), "every rule replaces a character by one character"


TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "<strong>",
        "</strong>",
        "<br>",
        "<code>",
        "</code>",
        '<a href="https://a.ru/?q=&quot;в - и&quot;">',
        "</a>",
        "<h2>",
        "</h2>",
        "<li>",
    ]
)
FRAGMENTS = st.lists(st.one_of(TEXTS, TAGS), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(FRAGMENTS)
def test_rich_text_is_idempotent_and_keeps_the_markup(value):
    once = typeset_html(value)
    assert typeset_html(once) == once
    assert sanitize_html(once) == once
    untouched = sanitize_html(value)
    assert once.count("<") == untouched.count("<")
    assert 'href="https://a.ru/?q=&quot;в - и&quot;"' in once or "href" not in untouched
