"""Videos from VK Video and Rutube, embedded by pasting their link (portal.embeds, in the
sanitiser): every form the editor produces becomes one player frame built from the video's id;
anything else that looks like a frame, another host, a script URL or an extra attribute, is
dropped. The Content-Security-Policy frames exactly these hosts."""

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from portal import embeds
from portal.sanitize import sanitize_html

RUTUBE_ID = "0123456789abcdef0123456789abcdef"
RUTUBE_PAGE = f"https://rutube.ru/video/{RUTUBE_ID}/"
RUTUBE_PLAYER = f"https://rutube.ru/play/embed/{RUTUBE_ID}/"
VK_PLAYER = "https://vkvideo.ru/video_ext.php?oid=-12345&id=456239017&hd=2"


def frames(html: str) -> list[dict[str, str]]:
    tree = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    return [dict(frame.attrib) for frame in tree.iter("iframe")]


def the_player(html: str) -> str:
    found = frames(html)
    assert len(found) == 1, html
    return found[0]["src"]


@pytest.mark.parametrize(
    "pasted, player",
    [
        # CKEditor's media embed, as it saves a link it recognised
        (f'<figure class="media"><oembed url="{RUTUBE_PAGE}"></oembed></figure>', RUTUBE_PLAYER),
        # a paragraph holding only the address, or only a link to it
        (f"<p>{RUTUBE_PAGE}</p>", RUTUBE_PLAYER),
        (f'<p><a href="{RUTUBE_PAGE}">{RUTUBE_PAGE}</a></p>', RUTUBE_PLAYER),
        (f"<p>https://rutube.ru/video/{RUTUBE_ID}/?t=42&amp;r=plwd</p>", RUTUBE_PLAYER),
        (f"<p>http://www.rutube.ru/video/{RUTUBE_ID}</p>", RUTUBE_PLAYER),
        ("<p>https://vk.com/video-12345_456239017</p>", VK_PLAYER),
        ("<p>https://vkvideo.ru/video-12345_456239017</p>", VK_PLAYER),
        ("<p>https://m.vk.com/video-12345_456239017</p>", VK_PLAYER),
        ("<p>https://vk.com/club12345?z=video-12345_456239017%2Fvideos-12345</p>", VK_PLAYER),
        (
            '<figure class="media"><oembed url="https://vk.com/video_ext.php?oid=-12345'
            '&amp;id=456239017&amp;hash=4a1b2c3d4e5f6a7b"></oembed></figure>',
            VK_PLAYER + "&hash=4a1b2c3d4e5f6a7b",
        ),
    ],
)
def test_a_pasted_video_link_becomes_its_player(pasted, player):
    cleaned = sanitize_html(pasted)

    assert the_player(cleaned) == player
    frame = frames(cleaned)[0]
    assert set(frame) == {"src", "title", "allow", "allowfullscreen", "loading", "referrerpolicy"}
    assert frame["allow"] == embeds.PLAYER_ALLOW
    assert frame["title"]
    assert sanitize_html(cleaned) == cleaned, "saving again changes nothing"


def test_the_stored_form_keeps_the_address_for_the_editor():
    cleaned = sanitize_html(f"<p>{RUTUBE_PAGE}</p><p>Текст после видео.</p>")

    tree = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    figure = tree.xpath("figure[@class='media']")[0]
    assert figure.xpath("div/@data-oembed-url") == [RUTUBE_PAGE]
    assert tree.xpath("p/text()") == ["Текст после видео."]


def test_a_link_inside_a_sentence_stays_a_link():
    pasted = f'<p>Запись концерта: <a href="{RUTUBE_PAGE}">на Rutube</a>.</p>'

    cleaned = sanitize_html(pasted)

    assert frames(cleaned) == []
    assert f'href="{RUTUBE_PAGE}"' in cleaned


@pytest.mark.parametrize(
    "hostile",
    [
        # frames pasted as markup, whatever their host
        f'<iframe src="{RUTUBE_PLAYER}"></iframe>',
        '<iframe src="https://evil.example/"></iframe>',
        '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        '<p><iframe src="javascript:alert(1)"></iframe></p>',
        # media of other hosts and look-alike hosts
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></oembed></figure>',
        f"<p>https://rutube.ru.evil.example/video/{RUTUBE_ID}/</p>",
        f"<p>https://evilrutube.ru/video/{RUTUBE_ID}/</p>",
        "<p>https://vk.com.evil.example/video-1_2</p>",
        "<p>https://evil.example/?u=https://vk.com/video-1_2</p>",
        f"<p>https://rutube.ru/video/{RUTUBE_ID[:-1]}/</p>",  # not an id
        # script and data URLs, in every place an address can hide
        '<figure class="media"><oembed url="javascript:alert(1)"></oembed></figure>',
        '<figure class="media"><div data-oembed-url="data:text/html,&lt;script&gt;"></div></figure>',
        "<p>javascript:alert(1)//https://vk.com/video-1_2</p>",
        # an address that breaks out of its attribute
        f'<figure class="media"><oembed url="{RUTUBE_PAGE}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></oembed></figure>',
        # extra attributes and handlers on the stored form
        f'<figure class="media" onclick="alert(1)"><div data-oembed-url="{RUTUBE_PAGE}" '
        f'onmouseover="alert(1)"><iframe src="https://evil.example/" onload="alert(1)" '
        f'srcdoc="x" sandbox=""></iframe></div></figure>',
    ],
)
def test_hostile_frames_hosts_and_attributes_are_dropped(hostile):
    cleaned = sanitize_html(hostile)

    tree = lxml.html.fragment_fromstring(cleaned or "<p></p>", create_parent="div")
    for frame in frames(cleaned):
        assert frame["src"] == RUTUBE_PLAYER, cleaned  # only ever rebuilt from a video's id
    assert not tree.xpath("//script | //object | //embed"), cleaned
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.startswith("on"), cleaned
            assert name not in ("srcdoc", "sandbox", "style"), cleaned
            if name in ("href", "src", "data-oembed-url"):
                assert value.startswith("https://"), cleaned
                assert "evil.example/" not in value or name == "href", cleaned


def test_a_frame_pasted_as_markup_never_survives():
    assert frames(sanitize_html(f'<iframe src="{RUTUBE_PLAYER}"></iframe><p>Текст</p>')) == []


def test_the_stored_form_with_a_foreign_frame_gets_its_own_player_back():
    stored = (
        f'<figure class="media"><div data-oembed-url="{RUTUBE_PAGE}">'
        '<iframe src="https://evil.example/"></iframe></div></figure>'
    )

    assert the_player(sanitize_html(stored)) == RUTUBE_PLAYER


def test_other_media_becomes_a_plain_link():
    cleaned = sanitize_html(
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v=x"></oembed></figure>'
    )

    assert frames(cleaned) == []
    assert 'href="https://www.youtube.com/watch?v=x"' in cleaned


def test_the_placeholder_of_the_sanitiser_cannot_be_forged():
    # A paragraph that looks like the sanitiser's placeholder is only text.
    cleaned = sanitize_html("<p>video-0123456789abcdef01234567-0</p>")

    assert frames(cleaned) == []
    assert "video-0123456789abcdef01234567-0" in cleaned


def test_the_policy_frames_exactly_the_video_hosts():
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert sorted(policy["frame-src"]) == sorted(embeds.FRAME_HOSTS)
    assert sorted(settings.VIDEO_FRAME_HOSTS) == sorted(embeds.FRAME_HOSTS)


def test_an_article_with_a_video_shows_the_player_and_allows_its_host(client, make_article):
    article = make_article("Концерт побратимов", body=f"<p>{RUTUBE_PAGE}</p>")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    assert tree.xpath("//*[contains(@class, 'article__body')]//iframe/@src") == [RUTUBE_PLAYER]
    policy = response["Content-Security-Policy"]
    frame_src = policy.split("frame-src")[1].split(";")[0].split()
    assert sorted(frame_src) == sorted(embeds.FRAME_HOSTS)
    assert "frame-ancestors 'none'" in policy


def test_the_editor_offers_only_these_providers():
    media = settings.CKEDITOR_5_CONFIGS["default"]["mediaEmbed"]
    assert [provider["name"] for provider in media["providers"]] == ["rutube", "vkvideo"]
    assert "mediaEmbed" in settings.CKEDITOR_5_CONFIGS["default"]["toolbar"]["items"]


def test_the_admin_form_still_frames_nothing_else(editor_client):
    response = editor_client.get(reverse("admin:news_article_add"))
    frame_src = response["Content-Security-Policy"].split("frame-src")[1].split(";")[0].split()
    assert sorted(frame_src) == sorted([*embeds.FRAME_HOSTS, "'self'"])
