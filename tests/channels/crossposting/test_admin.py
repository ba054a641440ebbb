"""The chief editor's side: the channels' settings with tokens never shown back, each
article's channels with the post's preview and length, its attempts and the actions."""

import pytest
from django.urls import reverse

from channels.crossposting import secrets
from channels.crossposting.models import Channel, ChannelPost, Network, PostAttempt
from news.models import Article, Rubric
from tests.channels.crossposting.conftest import make_channel
from tests.channels.fake_social import TELEGRAM_TOKEN
from tests.support import form_data, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief_client(login, chief):
    return login(chief)


def test_the_chief_editor_enters_a_token_that_is_stored_encrypted_and_shown_masked(
    chief_client, settings
):
    settings.CROSSPOST_TOKENS = {"telegram": "", "vk": "", "ok": ""}
    url = reverse("admin:channels_channel_add")
    data = form_data(page(chief_client.get(url)))
    data.update(
        network="telegram", enabled="on", target="@vestnik_goroda", new_token=TELEGRAM_TOKEN
    )
    assert chief_client.post(url, data).status_code == 302

    channel = Channel.objects.get()
    assert channel.token == TELEGRAM_TOKEN
    assert TELEGRAM_TOKEN not in channel.token_ciphertext
    change = chief_client.get(reverse("admin:channels_channel_change", args=[channel.pk]))
    html = change.content.decode()
    assert TELEGRAM_TOKEN not in html
    assert "••••TGTK" in html
    listing = chief_client.get(reverse("admin:channels_channel_changelist")).content.decode()
    assert TELEGRAM_TOKEN not in listing and "••••TGTK" in listing

    # Saved again with the token field empty: the token is kept.
    data = form_data(page(change))
    assert data.get("new_token", "") == ""
    chief_client.post(reverse("admin:channels_channel_change", args=[channel.pk]), data)
    channel.refresh_from_db()
    assert channel.token == TELEGRAM_TOKEN


def test_a_token_from_the_environment_wins_and_is_masked_too(chief_client, settings):
    channel = make_channel(Network.VK, "123456", "stored-token-AAAA")
    settings.CROSSPOST_TOKENS = {"telegram": "", "vk": "env-token-ZZZZ", "ok": ""}
    html = chief_client.get(
        reverse("admin:channels_channel_change", args=[channel.pk])
    ).content.decode()
    assert "••••ZZZZ (из переменных окружения)" in html
    assert "env-token-ZZZZ" not in html and "stored-token" not in html
    assert channel.token == "env-token-ZZZZ"


def test_a_token_encrypted_under_another_key_reads_as_none(settings):
    ciphertext = secrets.encrypt("old-token")
    settings.CROSSPOST_TOKEN_KEY = "another key"
    assert secrets.decrypt(ciphertext) == ""
    assert secrets.mask("abcdefghij1234") == "••••1234"
    assert secrets.mask("short") == "••••"


def test_only_the_chief_editor_sees_the_channels(login, author, officer):
    for user in (author, officer):
        client = login(user)
        assert client.get(reverse("admin:channels_channel_changelist")).status_code == 403
        assert client.get(reverse("admin:channels_channelpost_changelist")).status_code == 403


def test_a_new_article_offers_the_channels_and_their_rubric_defaults(chief_client, rubric):
    culture = Rubric.objects.create(name="Культура", slug="kultura")
    make_channel(Network.TELEGRAM, "@vestnik_goroda", TELEGRAM_TOKEN)
    make_channel(Network.VK, "123456", "vk-token").rubrics.add(culture)
    url = reverse("admin:news_article_add")
    data = form_data(page(chief_client.get(url)), "article_form")
    data.update(
        title="Новость для каналов",
        lead="Коротко.",
        rubric=str(rubric.pk),
        status="draft",
    )
    assert data["channel_posts-TOTAL_FORMS"] == "2"
    forms = {data[f"channel_posts-{i}-network"]: i for i in range(2)}
    data[f"channel_posts-{forms['telegram']}-text"] = "Свой текст для Telegram."
    assert f"channel_posts-{forms['vk']}-selected" not in data  # by rubric: unknown yet
    response = chief_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    posts = {p.network: p for p in Article.objects.get().channel_posts.all()}
    assert posts["telegram"].selected and posts["telegram"].text == "Свой текст для Telegram."
    assert posts["vk"].selected is False  # left as shown: the default of the rubric

    # Untouched in a culture article, VK takes the rubric's default.
    data.update(title="О культуре", rubric=str(culture.pk))
    data[f"channel_posts-{forms['telegram']}-text"] = ""
    assert chief_client.post(url, data).status_code == 302
    culture_posts = Article.objects.get(rubric=culture).channel_posts
    assert culture_posts.get(network="vk").selected
    assert {p.status for p in posts.values()} == {ChannelPost.Status.NEW}


def test_the_article_page_shows_the_preview_the_limit_and_the_attempts(
    chief_client, make_article, settings
):
    settings.SITE_URL = "https://vestnik.example.ru"
    make_channel(Network.TELEGRAM, "@vestnik_goroda", TELEGRAM_TOKEN)
    article = make_article("Длинная новость", status=Article.Status.DRAFT)
    post = ChannelPost.objects.create(article=article, network="telegram", text="очень " * 900)
    PostAttempt.objects.create(
        post=post,
        action=PostAttempt.Action.POST,
        outcome=PostAttempt.Outcome.FAILED,
        error="Соцсеть не приняла токен: возможно, его отозвали.",
    )

    tree = page(chief_client.get(reverse("admin:news_article_change", args=[article.pk])))
    inline = tree.xpath("//*[contains(@class, 'field-preview')]")[0].text_content()
    assert "Длинная новость" in inline
    assert f"https://vestnik.example.ru/news/{article.slug}/" in inline
    assert "из 4096 знаков" in inline
    assert "Длиннее предела канала (4096 знаков)" in inline
    state = tree.xpath("//*[contains(@class, 'field-state')]")[0].text_content()
    assert "Соцсеть не приняла токен" in state and "Не удалось" in state
    assert tree.xpath(
        f"//a[@href='{reverse('admin:channels_channelpost_change', args=[post.pk])}']"
    )
    assert tree.xpath("//script[contains(@src, 'channels/crosspost_counter.js')]")


def test_a_post_left_in_the_channel_of_an_unpublished_article_is_pointed_out(
    chief_client, make_article
):
    article = make_article("Снятая", status=Article.Status.DRAFT)
    ChannelPost.objects.create(
        article=article, network="telegram", status=ChannelPost.Status.POSTED, remote_id="7"
    )
    html = chief_client.get(reverse("admin:news_article_change", args=[article.pk])).content
    assert "Статья снята с сайта, а запись в канале осталась" in html.decode()


def test_the_retry_action_queues_a_failed_post(chief_client, make_article):
    article = make_article()
    post = ChannelPost.objects.create(
        article=article, network="telegram", status=ChannelPost.Status.FAILED, attempts=6
    )
    url = reverse("admin:channels_channelpost_changelist")
    response = chief_client.post(
        url, {"action": "retry", "_selected_action": [post.pk]}, follow=True
    )
    assert "1 запись поставлена в очередь." in response.content.decode()
    post.refresh_from_db()
    assert (post.status, post.attempts) == (ChannelPost.Status.RETRYING, 0)


def test_an_author_does_not_see_the_channels_on_the_article(login, author, make_article):
    article = make_article(status=Article.Status.DRAFT, created_by=author)
    html = login(author).get(reverse("admin:news_article_change", args=[article.pk])).content
    assert "channel_posts-TOTAL_FORMS" not in html.decode()


def test_the_admin_front_page_lists_the_posts_that_failed(login, chief, author, make_article):
    article = make_article("Не ушла в Telegram")
    ChannelPost.objects.create(article=article, network="telegram", status="failed")
    ChannelPost.objects.create(article=article, network="vk", status="posted")

    tree = page(login(chief).get(reverse("admin:index")))
    [block] = tree.xpath("//*[@id='crosspost-failures']")
    assert "Не ушла в Telegram" in block.text_content()
    assert "канал в Telegram: Не удалось" in block.text_content()
    assert "сообщество" not in block.text_content()
    assert not page(login(author).get(reverse("admin:index"))).xpath(
        "//*[@id='crosspost-failures']"
    )
