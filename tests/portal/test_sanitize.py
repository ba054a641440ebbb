"""Article bodies are stored inert whatever is pasted into them, and CKEditor's markup survives."""

import re

import lxml.html
import pytest
from django.urls import reverse

from news.models import Article
from portal.sanitize import plain_text_paragraphs
from tests.support import form_data, page

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(document.cookie)</script>',
    "<script type='text/javascript'>document.write('<img src=x>')</script>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<body onload="alert(1)"><p>Текст</p></body>',
    '<p onmouseover="alert(1)">Наведите курсор</p>',
    '<a href="#" onclick="alert(1)">ссылка</a>',
    "<h2 onclick=alert(1)>Заголовок</h2>",
    '<figure class="image"><img src="/media/a.jpg" onload="alert(1)"><figcaption onclick="alert(1)">Подпись</figcaption></figure>',
    '<a href="javascript:alert(1)">ссылка</a>',
    '<a href="JaVaScRiPt:alert(1)">ссылка</a>',
    '<a href="  javascript:alert(1)">ссылка</a>',
    '<a href="jav&#x09;ascript:alert(1)">ссылка</a>',
    '<a href="java\nscript:alert(1)">ссылка</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">ссылка</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">ссылка</a>',
    '<a href="&#0000106avascript:alert(1)">ссылка</a>',
    '<a href="javascript&colon;alert(1)">ссылка</a>',
    '<a href="&#x01;javascript:alert(1)">ссылка</a>',
    '<a href="vbscript:msgbox(1)">ссылка</a>',
    '<a href="VBScript:msgbox(1)">ссылка</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">ссылка</a>',
    '<img src="javascript:alert(1)" alt="">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="">',
    '<img src="/media/a.jpg" srcset="javascript:alert(1) 1x, data:image/png;base64,AAAA 2x" alt="">',
    '<img src="/media/a.jpg" srcset="/media/b.jpg 1x, jav&#x09;ascript:alert(1) 2x" alt="">',
    '<img src="/media/a.jpg" srcset="http://[::1 1x, javascript:alert(1) 2x" alt="">',
    '<p style="background:url(javascript:alert(1))">Текст</p>',
    '<span style="width: expression(alert(1))">Текст</span>',
    '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">x</td></tr></table>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<math href="javascript:alert(1)"><mi>x</mi></math>',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;"></mglyph></table></mtext></math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<form action="javascript:alert(1)"><input type="submit" value="Отправить"></form>',
    "<input onfocus=alert(1) autofocus>",
    '<button formaction="javascript:alert(1)">Кнопка</button>',
    '<textarea onfocus="alert(1)" autofocus></textarea>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<style>@import "javascript:alert(1)"; body { background: red }</style>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)></audio>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<frameset onload=alert(1)></frameset>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<x-widget onclick="alert(1)">Неизвестный тег</x-widget>',
    "<blink>Мигающий текст</blink>",
    "<isindex action=javascript:alert(1) type=image>",
]

DANGEROUS_TAGS = (
    {"script", "noscript", "template", "style", "link", "meta", "base"}
    | {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math"}
    | {"form", "input", "button", "textarea", "select", "isindex"}
    | {"video", "audio", "source", "details", "marquee", "blink", "x-widget"}
)
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "background", "poster"}
FORBIDDEN_SCHEMES = re.compile(r"(?:^|[\s,])(?:javascript|vbscript|data):")
INVISIBLE = re.compile(r"[\x00-\x20]+")


def problems(html: str) -> list[str]:
    """Everything in ``html`` that a browser could run or that changes the page's look."""
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            found.append(f"comment or processing instruction {element!r}")
            continue
        tag = element.tag.rpartition("}")[2].lower()
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.rpartition("}")[2].lower()
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if name == "style":
                found.append(f"{tag}[style]")
            if name in URL_ATTRIBUTES and FORBIDDEN_SCHEMES.search(
                INVISIBLE.sub("", value).lower()
            ):
                found.append(f"{tag}[{name}={value!r}]")
    return found


def test_the_checker_notices_each_kind_of_danger():
    assert problems("<p>Безопасный <a href='https://example.org/'>текст</a></p>") == []
    assert problems("<script>alert(1)</script>") == ["<script>"]
    assert problems('<img src="x" onerror="alert(1)">') == ["img[onerror]"]
    assert problems('<a href=" JavaScript:alert(1)">x</a>') == ["a[href=' JavaScript:alert(1)']"]
    assert problems('<p style="color:red">x</p>') == ["p[style]"]
    assert problems('<img srcset="/a.jpg 1x, data:image/png,AA 2x">')


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_a_malicious_body_is_stored_inert(make_article, vector):
    article = make_article(body=f"<p>Начало.</p>{vector}<p>Конец.</p>")

    stored = Article.objects.get(pk=article.pk).body

    assert problems(stored) == []
    assert "Начало." in stored
    assert "Конец." in stored


def test_the_article_page_runs_no_script_from_the_body(client, make_article):
    article = make_article(body="".join(XSS_VECTORS))

    tree = page(client.get(article.get_absolute_url()))

    body = tree.xpath("//div[contains(@class, 'article__body')]")[0]
    assert problems(lxml.html.tostring(body, encoding="unicode")) == []
    assert tree.xpath("//script[not(@type='application/ld+json')]") == []


def test_a_body_posted_through_the_admin_is_stored_inert(editor_client, rubric):
    url = reverse("admin:news_article_add")
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(
        title="Проверка безопасности",
        lead="Описание.",
        body='<p>Текст</p><script>alert(1)</script><img src=x alt="Фото" onerror="alert(1)">',
        rubric=rubric.pk,
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    stored = Article.objects.get(title="Проверка безопасности").body
    assert problems(stored) == []
    assert "<p>Текст</p>" in stored


CKEDITOR_BODY = """
<h2>Соглашение подписано</h2>
<p>Глава города <strong>подписала</strong> <i>соглашение</i> о сотрудничестве.
<a href="https://example.org/dogovor">Текст соглашения</a>.</p>
<h3>Направления сотрудничества</h3>
<ul><li>культура;</li><li>образование;</li><li>спорт.</li></ul>
<h4>Этапы</h4>
<ol><li>Подписание</li><li>План на 2020 год</li></ol>
<figure class="table"><table>
<thead><tr><th>Сфера</th><th>Мероприятий</th></tr></thead>
<tbody><tr><td>Культура</td><td>12</td></tr><tr><td>Спорт</td><td>5</td></tr></tbody>
</table></figure>
<figure class="image"><img src="/media/editor/podpisanie.jpg" alt="Подписание соглашения" width="960" height="640">
<figcaption>Подписание соглашения на форуме</figcaption></figure>
<blockquote><p>Наши города во многом похожи.</p></blockquote>
"""


@pytest.fixture
def ckeditor_article(make_article):
    article = make_article(body=CKEDITOR_BODY)
    stored = Article.objects.get(pk=article.pk).body
    return lxml.html.fragment_fromstring(stored, create_parent="div")


@pytest.mark.parametrize(
    ("what", "xpath", "expected"),
    [
        ("second-level heading", "string(h2)", "Соглашение подписано"),
        ("third-level heading", "string(h3)", "Направления сотрудничества"),
        ("fourth-level heading", "string(h4)", "Этапы"),
        ("bold text", "string(p/strong)", "подписала"),
        ("italic text", "string(p/i)", "соглашение"),
        ("link address", "string(p/a/@href)", "https://example.org/dogovor"),
        ("link text", "string(p/a)", "Текст соглашения"),
        ("bulleted list", "count(ul/li)", 3),
        ("numbered list", "count(ol/li)", 2),
        ("table header cells", "count(figure[@class='table']/table/thead/tr/th)", 2),
        ("table body cells", "count(figure[@class='table']/table/tbody/tr/td)", 4),
        (
            "figure with an image",
            "string(figure[@class='image']/img/@src)",
            "/media/editor/podpisanie.jpg",
        ),
        ("image alt text", "string(figure[@class='image']/img/@alt)", "Подписание соглашения"),
        ("image width", "string(figure[@class='image']/img/@width)", "960"),
        ("image height", "string(figure[@class='image']/img/@height)", "640"),
        (
            "image caption",
            "string(figure[@class='image']/figcaption)",
            "Подписание соглашения на форуме",
        ),
        ("quote", "string(blockquote/p)", "Наши города во многом похожи."),
    ],
)
def test_what_ckeditor_produces_is_kept(ckeditor_article, what, xpath, expected):
    assert ckeditor_article.xpath(xpath) == expected, what


def test_links_in_the_body_do_not_leak_the_opener(ckeditor_article):
    assert set(ckeditor_article.xpath("string(p/a/@rel)").split()) >= {"noopener", "noreferrer"}


def test_a_srcset_of_ordinary_addresses_is_kept(make_article):
    srcset = "/media/editor/a-480.jpg 480w, https://example.org/a-960.jpg 960w"
    article = make_article(body=f'<p><img src="/media/editor/a.jpg" srcset="{srcset}" alt="">')

    stored = lxml.html.fragment_fromstring(
        Article.objects.get(pk=article.pk).body, create_parent="div"
    )

    assert stored.xpath("string(.//img/@srcset)") == srcset


def test_plain_text_paragraphs_keeps_one_block_a_line_and_the_no_break_spaces():
    html = (
        "<p>Первый\n  абзац &amp; <strong>жирное</strong>.</p>"
        "<figure><img src='/a.jpg' alt='Фото'><figcaption>Подпись</figcaption></figure>"
        "<ul><li>один</li><li>два</li></ul><p>В\u00a0городе&nbsp;N</p><p> </p>"
    )

    assert plain_text_paragraphs(html) == (
        "Первый абзац & жирное.\nПодпись\nодин\nдва\nВ\u00a0городе\u00a0N"
    )
    assert plain_text_paragraphs("") == ""
