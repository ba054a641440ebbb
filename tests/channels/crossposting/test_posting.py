"""A published article goes out to each enabled channel once, through a local server that
speaks the networks' APIs; a channel that is down, slow, flooded or refusing its token delays
and reports, and never keeps the article off the site."""

import io
import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from channels.crossposting import services
from channels.crossposting.models import ChannelPost, PostAttempt
from news import services as news
from news.models import Article, Rubric
from portal.models import AuditEvent
from tests.channels.conftest import run_tasks
from tests.channels.crossposting.conftest import SITE
from tests.channels.fake_social import (
    OK_APP_KEY,
    OK_TOKEN,
    TELEGRAM_TOKEN,
    VK_TOKEN,
    Hang,
    Page,
)

pytestmark = pytest.mark.django_db(transaction=True)

Status = ChannelPost.Status


@pytest.fixture
def draft(make_article):
    return make_article(
        "Побратимы & соседи",
        lead="Делегация Тореза приехала в город на праздник.",
        status=Article.Status.DRAFT,
    )


@pytest.fixture
def chief(make_chief):
    return make_chief("glavred")


def post_of(article, network):
    return ChannelPost.objects.get(article=article, network=network)


def queued_sends():
    return DBTaskResult.objects.filter(
        task_path="channels.crossposting.tasks.send_post", status=TaskResultStatus.READY
    )


def run_due_sends():
    """The sends waiting for a delay, made due now, then a worker's round."""
    queued_sends().update(run_after=timezone.now())
    run_tasks()


def test_publishing_posts_the_article_to_each_channel_once(
    all_channels, fake_social, draft, chief
):
    news.publish_article(draft, by=chief)
    run_tasks()
    run_tasks()

    link = f"{SITE}/news/{draft.slug}/"
    [telegram] = fake_social.calls("telegram")
    assert telegram.method == "sendMessage"  # no lead image: a message
    assert telegram.path == f"/tg/bot{TELEGRAM_TOKEN}/sendMessage"
    assert telegram.fields["chat_id"] == "@vestnik_goroda"
    assert telegram.fields["text"] == (
        f"Побратимы & соседи\n\nДелегация Тореза приехала в город на праздник.\n\n{link}"
    )
    assert "parse_mode" not in telegram.fields
    [vk_post] = fake_social.calls("vk")
    assert vk_post.method == "wall.post"
    assert vk_post.fields["owner_id"] == "-123456"
    assert vk_post.fields["from_group"] == "1"
    assert vk_post.fields["attachments"] == link
    assert vk_post.fields["access_token"] == VK_TOKEN and vk_post.fields["v"] == "5.199"
    [ok_post] = fake_social.calls("ok")  # the server checked its signature
    assert ok_post.fields["method"] == "mediatopic.post"
    assert ok_post.fields["application_key"] == OK_APP_KEY
    assert ok_post.fields["access_token"] == OK_TOKEN
    assert ok_post.fields["gid"] == "5500" and ok_post.fields["type"] == "GROUP_THEME"
    media = json.loads(ok_post.fields["attachment"])["media"]
    assert media[1] == {"type": "link", "url": link}
    assert media[0]["text"].startswith("Побратимы & соседи")

    posts = {post.network: post for post in draft.channel_posts.all()}
    assert {network: post.status for network, post in posts.items()} == {
        "telegram": Status.POSTED,
        "vk": Status.POSTED,
        "ok": Status.POSTED,
    }
    assert (
        posts["telegram"].remote_url
        == f"https://t.me/vestnik_goroda/{posts['telegram'].remote_id}"
    )
    assert posts["vk"].remote_url == f"https://vk.com/wall-123456_{posts['vk'].remote_id}"
    assert posts["ok"].remote_url == f"https://ok.ru/group/5500/topic/{posts['ok'].remote_id}"
    attempts = PostAttempt.objects.filter(post__article=draft)
    assert [a.outcome for a in attempts] == [PostAttempt.Outcome.DONE] * 3
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CROSSPOSTED).count() == 3

    # Published again, or its tasks run again: nothing is posted twice.
    news.unpublish_article(draft, by=chief)
    news.publish_article(draft, by=chief)
    for post in posts.values():
        services.publish(post.pk)
    run_tasks()
    assert len(fake_social.requests) == 3


def test_the_lead_image_goes_out_cropped_for_the_channel(
    telegram, vk, fake_social, make_article, library_image
):
    article = make_article(
        "С фото",
        status=Article.Status.DRAFT,
        lead_image=library_image("ploshchad.jpg", width=800, height=800),
        lead_image_alt="Площадь",
    )
    news.publish_article(article)
    run_tasks()
    run_tasks()

    [photo] = fake_social.calls("telegram")
    assert photo.method == "sendPhoto"
    with Image.open(io.BytesIO(photo.files["photo"])) as image:
        assert image.format == "JPEG"
        assert image.width / image.height == pytest.approx(16 / 9, abs=0.01)  # centre crop
    assert photo.fields["caption"].endswith(f"{SITE}/news/{article.slug}/")
    methods = [r.method for r in fake_social.calls("vk")]
    assert methods == ["photos.getWallUploadServer", "upload", "photos.saveWallPhoto", "wall.post"]
    assert "photo" in fake_social.calls("vk", "upload")[0].files
    saved = fake_social.calls("vk", "photos.saveWallPhoto")[0].fields
    assert (saved["server"], saved["hash"], saved["group_id"]) == ("7", "h4sh", "123456")
    wall = fake_social.calls("vk", "wall.post")[0].fields
    assert wall["attachments"] == f"photo-123456_555,{SITE}/news/{article.slug}/"
    assert post_of(article, "telegram").remote_data == {"photo": True}


def test_a_long_text_is_cut_at_a_word_with_the_link_kept(telegram, fake_social, make_article):
    article = make_article("Длинная", status=Article.Status.DRAFT, lead="слово " * 2000)
    news.publish_article(article)
    run_tasks()
    run_tasks()

    text = fake_social.calls("telegram")[0].fields["text"]
    assert len(text) <= 4096
    assert text.endswith(f"…\n\n{SITE}/news/{article.slug}/")
    assert "слово слово…" in text  # at a word, not inside one
    assert post_of(article, "telegram").status == Status.POSTED


def test_a_flood_limit_waits_as_long_as_the_network_asks(telegram, fake_social, draft):
    fake_social.script(
        "telegram",
        "sendMessage",
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 30",
            "parameters": {"retry_after": 30},
        },
    )
    before = timezone.now()
    news.publish_article(draft)
    run_tasks()
    run_tasks()

    assert Article.objects.get(pk=draft.pk).is_public  # the site never waited
    post = post_of(draft, "telegram")
    assert post.status == Status.RETRYING
    attempt = post.tries.get()
    assert attempt.outcome == PostAttempt.Outcome.RETRY
    assert "30" in attempt.error
    [waiting] = queued_sends()
    assert timedelta(seconds=29) <= waiting.run_after - before <= timedelta(seconds=40)

    run_due_sends()
    post.refresh_from_db()
    assert post.status == Status.POSTED
    assert len(fake_social.calls("telegram")) == 2


@pytest.mark.parametrize(
    ("network", "method", "answer"),
    [
        (
            "telegram",
            "sendMessage",
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        ),
        (
            "vk",
            "wall.post",
            {"error": {"error_code": 5, "error_msg": "User authorization failed"}},
        ),
        ("ok", "fb.do", {"error_code": 102, "error_msg": "PARAM_SESSION_EXPIRED"}),
    ],
)
def test_a_revoked_token_fails_once_and_tells_the_chief_editor(
    all_channels, fake_social, draft, network, method, answer
):
    fake_social.script(network, method, answer)
    news.publish_article(draft)
    run_tasks()
    run_tasks()

    post = post_of(draft, network)
    assert post.status == Status.FAILED
    assert "токен" in post.tries.get().error  # in Russian, and what to do
    assert not queued_sends().exists()  # no endless retries
    failed = AuditEvent.objects.get(action=AuditEvent.Action.CROSSPOST_FAILED)
    assert failed.object_id == str(draft.pk) and "токен" in failed.note
    others = draft.channel_posts.exclude(network=network)
    assert set(others.values_list("status", flat=True)) == {Status.POSTED}


def test_a_server_error_page_is_retried(telegram, fake_social, draft):
    fake_social.script("telegram", "sendMessage", Page(502))
    news.publish_article(draft)
    run_tasks()
    run_tasks()
    post = post_of(draft, "telegram")
    assert post.status == Status.RETRYING
    assert "502" in post.tries.get().error

    run_due_sends()
    assert post_of(draft, "telegram").status == Status.POSTED


def test_a_channel_that_is_down_delays_and_gives_up_after_the_attempts(telegram, settings, draft):
    settings.CROSSPOST_TELEGRAM_API_URL = "http://127.0.0.1:9/tg"  # nothing listens
    settings.CROSSPOST_MAX_ATTEMPTS = 2
    news.publish_article(draft)
    run_tasks()
    run_tasks()
    assert Article.objects.get(pk=draft.pk).is_public
    assert post_of(draft, "telegram").status == Status.RETRYING

    run_due_sends()
    post = post_of(draft, "telegram")
    assert post.status == Status.FAILED
    assert [a.outcome for a in post.tries.all()] == ["failed", "retry"]
    assert "2" in post.tries.first().error

    services.retry_by_hand(ChannelPost.objects.filter(pk=post.pk))  # by hand, later
    assert post_of(draft, "telegram").status == Status.RETRYING


def test_an_answer_lost_in_a_timeout_is_never_posted_again_by_itself(telegram, fake_social, draft):
    fake_social.script("telegram", "sendMessage", Hang(2))
    news.publish_article(draft)
    run_tasks()
    run_tasks()

    post = post_of(draft, "telegram")
    assert post.status == Status.UNCERTAIN
    assert "проверьте канал" in post.tries.get().error
    assert not queued_sends().exists()

    services.retry_by_hand(ChannelPost.objects.filter(pk=post.pk))  # the editor checked
    run_tasks()
    assert post_of(draft, "telegram").status == Status.POSTED


def test_a_crash_between_the_answer_and_the_record_never_posts_twice(
    telegram, fake_social, draft, monkeypatch
):
    real_record = services._record

    def crash(post, status, **fields):
        if status == Status.POSTED:
            raise SystemError("the worker died here")
        real_record(post, status, **fields)

    monkeypatch.setattr(services, "_record", crash)
    news.publish_article(draft)
    run_tasks()
    run_tasks()
    monkeypatch.setattr(services, "_record", real_record)
    post = post_of(draft, "telegram")
    assert post.status == Status.SENDING
    assert len(fake_social.calls("telegram")) == 1

    services.publish(post.pk)  # a retried task soon after: the other may still be sending
    assert post_of(draft, "telegram").status == Status.SENDING
    ChannelPost.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    run_due_sends()
    services.publish(post.pk)

    post = post_of(draft, "telegram")
    assert post.status == Status.UNCERTAIN
    assert len(fake_social.calls("telegram")) == 1


def test_a_scheduled_article_is_posted_when_it_comes_due(telegram, fake_social, draft):
    news.publish_article(draft, at=timezone.now() + timedelta(hours=2))
    run_tasks()
    assert fake_social.requests == []
    crosspost = DBTaskResult.objects.get(task_path="channels.crossposting.tasks.crosspost_article")
    assert crosspost.run_after == Article.objects.get(pk=draft.pk).publish_at

    Article.objects.filter(pk=draft.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    DBTaskResult.objects.filter(pk=crosspost.pk).update(run_after=timezone.now())
    run_tasks()
    run_tasks()
    assert post_of(draft, "telegram").status == Status.POSTED


def test_old_news_imported_is_not_posted(telegram, fake_social, draft):
    news.publish_article(draft, at=timezone.now() - timedelta(days=30))
    run_tasks()
    run_tasks()
    assert fake_social.requests == []


def test_the_rubric_defaults_choose_the_channels(telegram, vk, fake_social, draft, rubric):
    culture = Rubric.objects.create(name="Культура", slug="kultura")
    vk.rubrics.add(culture)  # VK gets culture only; Telegram every rubric
    news.publish_article(draft)
    run_tasks()
    run_tasks()
    assert fake_social.calls("vk") == []
    assert post_of(draft, "vk").selected is False
    assert post_of(draft, "telegram").status == Status.POSTED


def test_an_unticked_channel_gets_nothing(telegram, fake_social, draft):
    ChannelPost.objects.create(article=draft, network="telegram", selected=False)
    news.publish_article(draft)
    run_tasks()
    run_tasks()
    assert fake_social.requests == []


def test_posts_are_edited_and_deleted_on_request(all_channels, fake_social, draft, chief):
    news.publish_article(draft, by=chief)
    run_tasks()
    run_tasks()
    draft.refresh_from_db()
    draft.lead = "Исправлено: делегация приехала в пятницу."
    news.save_article(draft, by=chief)

    services.change_by_hand(draft.channel_posts.all(), PostAttempt.Action.EDIT)
    run_tasks()
    [edit] = fake_social.calls("telegram", "editMessageText")
    assert edit.fields["message_id"] == post_of(draft, "telegram").remote_id
    assert "Исправлено" in edit.fields["text"]
    [wall_edit] = fake_social.calls("vk", "wall.edit")
    assert wall_edit.fields["post_id"] == post_of(draft, "vk").remote_id
    assert wall_edit.fields["owner_id"] == "-123456"
    ok_edit = post_of(draft, "ok").tries.first()
    assert ok_edit.outcome == PostAttempt.Outcome.FAILED and "Одноклассник" in ok_edit.error

    news.unpublish_article(draft, by=chief)
    services.change_by_hand(draft.channel_posts.all(), PostAttempt.Action.DELETE)
    run_tasks()
    assert len(fake_social.calls("telegram", "deleteMessage")) == 1
    assert fake_social.calls("vk", "wall.delete")[0].fields["owner_id"] == "-123456"
    assert post_of(draft, "telegram").status == Status.DELETED
    assert post_of(draft, "vk").status == Status.DELETED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CROSSPOST_DELETED).count() == 2


def test_tokens_never_reach_the_logs_the_attempts_or_the_queue(
    telegram, vk, fake_social, settings, draft, caplog
):
    caplog.set_level(logging.DEBUG)
    settings.CROSSPOST_TELEGRAM_API_URL = "http://127.0.0.1:9/tg"  # down: the URL holds the token
    fake_social.script("vk", "wall.post", Hang(2))
    news.publish_article(draft)
    run_tasks()
    run_tasks()

    for token in (TELEGRAM_TOKEN, VK_TOKEN):
        assert token not in caplog.text
        for attempt in PostAttempt.objects.all():
            assert token not in attempt.error
        for row in DBTaskResult.objects.all():
            assert token not in json.dumps([row.args_kwargs, row.return_value, row.traceback])
