"""Nothing typed is lost: the change forms of articles, agreements, events, plans and pages
are autosaved as the editor's private draft (never a revision), offered back with what they
change, deleted on save and purged when old; editors of the same record see each other."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.models import Article, Rubric
from pages.models import Page
from portal import hooks
from portal.desk import drafts, presence
from portal.models import EditDraft
from portal.tasks import purge_drafts
from tests.support import page

# The offer's heading, in Russian, at the frozen clock (tests/workflow/conftest.py: 10:00).
OFFER = "Восстановить несохранённые изменения от 10:00"


def admin_url(obj_or_model, name, *args):
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args)


def opened_form(client, url, form_id):
    """The form as the browser would autosave it unchanged: its fields and their names."""
    tree = page(client.get(url))
    form = tree.get_element_by_id(form_id)
    fields = [[name, value] for name, value in form.form_values()]
    names = sorted({element.name for element in form.inputs if element.name})
    return tree, {"fields": fields, "names": names, "labels": {}}


def typed(draft, **changes):
    """The draft with some fields typed over (or typed into: lxml leaves out empty inputs)."""
    fields = [[name, changes.get(name, value)] for name, value in draft["fields"]]
    fields += [[name, value] for name, value in changes.items() if name not in dict(fields)]
    return {**draft, "fields": fields}


def as_post(draft):
    """The draft as the form would post it."""
    data = {}
    for name, value in draft["fields"]:
        data.setdefault(name, []).append(value)
    return data


def post_json(client, url, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(url, data=body, content_type="application/json")


@pytest.fixture
def ivanova(make_staff):
    """A chief editor with a surname, shown to others as «Иванова И.»."""
    from portal import roles

    user = make_staff("ivanova", roles.CHIEF_EDITOR)
    user.first_name, user.last_name = "Ирина", "Иванова"
    user.save()
    return user


@pytest.fixture
def petrov(make_staff):
    from portal import roles

    user = make_staff("petrov", roles.CHIEF_EDITOR)
    user.first_name, user.last_name = "Пётр", "Петров"
    user.save()
    return user


@pytest.fixture
def draft_article(make_article, now):
    return make_article(
        "Ремонт моста",
        lead="Мост закроют на ремонт.",
        body="<p>Мост через реку закроют на ремонт весной.</p>",
        status="draft",
    )


def test_an_autosave_keeps_a_private_draft_and_writes_no_revision(
    login, ivanova, draft_article, django_assert_max_num_queries
):
    client = login(ivanova)
    _tree, draft = opened_form(
        client, admin_url(draft_article, "change", draft_article.pk), "article_form"
    )
    revisions = Version.objects.count()

    with django_assert_max_num_queries(13):
        response = post_json(
            client,
            admin_url(draft_article, "autosave", draft_article.pk),
            typed(draft, title="Ремонт моста начнётся в мае"),
        )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "Черновик сохранён в 10:00."
    saved = EditDraft.objects.get()
    assert saved.user == ivanova and saved.object_id == str(draft_article.pk)
    assert ["title", "Ремонт моста начнётся в мае"] in saved.fields
    assert "csrfmiddlewaretoken" not in dict(saved.fields)
    assert Version.objects.count() == revisions  # the history has no autosaves
    draft_article.refresh_from_db()
    assert draft_article.title == "Ремонт моста" and draft_article.version == 1

    # Autosaved again: the same draft, written over.
    post_json(
        client, admin_url(draft_article, "autosave", draft_article.pk), typed(draft, title="Мост")
    )
    assert EditDraft.objects.get().fields == [
        pair for pair in typed(draft, title="Мост")["fields"] if pair[0] != "csrfmiddlewaretoken"
    ]
    assert Version.objects.count() == revisions


def test_reopening_the_form_offers_the_draft_with_what_differs(login, ivanova, draft_article):
    client = login(ivanova)
    url = admin_url(draft_article, "change", draft_article.pk)
    _tree, draft = opened_form(client, url, "article_form")
    other = Rubric.objects.create(name="Городское хозяйство", slug="gorodskoe-hoziaistvo")
    post_json(
        client,
        admin_url(draft_article, "autosave", draft_article.pk),
        typed(
            draft,
            title="Ремонт моста начнётся в мае",
            body="<p>Мост через реку закроют на ремонт в мае.</p>",
            rubric=str(other.pk),
        ),
    )

    tree = page(client.get(url))

    offer = tree.get_element_by_id("desk").find_class("desk__offer")[0]
    assert offer.get_element_by_id("desk-offer-title").text_content() == OFFER
    changes = dict(
        zip(
            [dt.text_content().strip() for dt in offer.iter("dt")],
            list(offer.iter("dd")),
            strict=True,
        )
    )
    assert set(changes) == {"Заголовок", "Текст", "Рубрика"}, list(changes)
    assert [ins.text for ins in changes["Заголовок"].iter("ins")] == ["начнётся в мае"]
    assert [d.text for d in changes["Текст"].iter("del")] == ["весной."]
    assert [i.text for i in changes["Текст"].iter("ins")] == ["в мае."]
    assert [d.text for d in changes["Рубрика"].iter("del")] == ["Общество"]
    assert [i.text for i in changes["Рубрика"].iter("ins")] == ["Городское хозяйство"]
    buttons = [button.text_content() for button in offer.iter("button")]
    assert buttons == ["Восстановить", "Удалить черновик"]
    # What «Восстановить» fills the form with: the draft itself, with the rubric's name.
    restored = json.loads(tree.get_element_by_id("desk-draft").text)
    assert ["title", "Ремонт моста начнётся в мае"] in restored["fields"]
    # Nothing is saved by opening, nor by restoring (the script only fills the form).
    draft_article.refresh_from_db()
    assert draft_article.title == "Ремонт моста"


def test_a_draft_that_changes_nothing_is_not_offered(login, ivanova, draft_article):
    client = login(ivanova)
    url = admin_url(draft_article, "change", draft_article.pk)
    _tree, draft = opened_form(client, url, "article_form")
    # CKEditor writes the same text in its own markup: no change to offer.
    post_json(
        client,
        admin_url(draft_article, "autosave", draft_article.pk),
        typed(draft, body="<p>Мост через реку закроют на ремонт   весной.</p>\n"),
    )

    tree = page(client.get(url))

    assert tree.find_class("desk__offer") == []
    assert OFFER not in tree.text_content()


def test_drafts_are_private_to_their_author(login, ivanova, petrov, draft_article):
    mine = login(ivanova)
    _tree, draft = opened_form(
        mine, admin_url(draft_article, "change", draft_article.pk), "article_form"
    )
    post_json(
        mine, admin_url(draft_article, "autosave", draft_article.pk), typed(draft, title="Моё")
    )

    theirs = page(login(petrov).get(admin_url(draft_article, "change", draft_article.pk)))

    assert theirs.find_class("desk__offer") == []
    assert "Моё" not in theirs.text_content()
    # Their «Удалить черновик» deletes only theirs.
    response = login(petrov).post(admin_url(draft_article, "discard", draft_article.pk))
    assert response.json()["discarded"] == 0
    assert EditDraft.objects.filter(user=ivanova).count() == 1


def test_saving_the_form_deletes_the_draft(login, ivanova, draft_article):
    client = login(ivanova)
    url = admin_url(draft_article, "change", draft_article.pk)
    _tree, draft = opened_form(client, url, "article_form")
    typed_draft = typed(draft, title="Ремонт моста начнётся в мае")
    post_json(client, admin_url(draft_article, "autosave", draft_article.pk), typed_draft)
    response = client.post(url, as_post(typed_draft))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not EditDraft.objects.exists()
    draft_article.refresh_from_db()
    assert draft_article.title.startswith("Ремонт моста начнётся")
    assert page(client.get(url)).find_class("desk__offer") == []


def test_the_delete_button_deletes_the_draft(login, ivanova, draft_article):
    client = login(ivanova)
    url = admin_url(draft_article, "change", draft_article.pk)
    _tree, draft = opened_form(client, url, "article_form")
    post_json(
        client, admin_url(draft_article, "autosave", draft_article.pk), typed(draft, title="Мост")
    )

    response = client.post(admin_url(draft_article, "discard", draft_article.pk))

    assert response.status_code == 200
    assert response.json() == {"discarded": 1, "status": "Черновик удалён."}
    assert page(client.get(url)).find_class("desk__offer") == []


def test_a_new_articles_form_is_autosaved_and_offered_until_the_article_is_added(
    login, ivanova, rubric, now
):
    client = login(ivanova)
    add_url = admin_url(Article, "add")
    _tree, draft = opened_form(client, add_url, "article_form")

    response = post_json(client, admin_url(Article, "autosave_new"), typed(draft, title="Новая"))

    assert response.status_code == 200
    assert EditDraft.objects.get().object_id == ""
    tree = page(client.get(add_url))
    assert tree.get_element_by_id("desk-offer-title").text_content() == OFFER
    assert "Новая" in tree.find_class("desk__offer")[0].text_content()
    # Added: the draft of the new form is gone.
    added = client.post(
        add_url,
        as_post(
            typed(draft, title="Новая", lead="Коротко.", slug="novaia", rubric=str(rubric.pk))
        ),
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    assert Article.objects.filter(slug="novaia").exists()
    assert not EditDraft.objects.exists()


@pytest.mark.parametrize("kind", ["agreement", "event", "cooperationplan", "page"])
def test_the_registers_forms_and_pages_are_autosaved_and_offered(
    kind, login, ivanova, officer, make_agreement, make_event, make_plan, now
):
    user = ivanova
    if kind == "agreement":
        obj = make_agreement()
    elif kind == "event":
        obj = make_event()
    elif kind == "cooperationplan":
        obj = make_plan(make_agreement())
    else:
        obj = Page(title="О городе", status=Page.Status.DRAFT, lead="Коротко.")
        obj.full_clean()
        obj.save()
    if kind != "page":
        user = officer
    client = login(user)
    url = admin_url(obj, "change", obj.pk)
    _tree, draft = opened_form(client, url, f"{kind}_form")
    revisions = Version.objects.count()

    response = post_json(
        client, admin_url(obj, "autosave", obj.pk), typed(draft, title="Черновой заголовок")
    )

    assert response.status_code == 200, response.content
    assert Version.objects.count() == revisions
    offer = page(client.get(url)).find_class("desk__offer")[0]
    assert offer.get_element_by_id("desk-offer-title").text_content() == OFFER
    assert "Черновой заголовок" in offer.text_content()


def test_only_those_who_may_change_the_record_autosave_it(
    login, author, other_author, officer, make_article, now
):
    published = make_article("Опубликована", created_by=author)
    theirs = make_article("Чужая", status="draft", created_by=other_author)
    draft = {"fields": [["title", "x"]], "names": ["title"], "labels": {}}

    # An author cannot change a published article, nor see another author's draft.
    assert (
        post_json(login(author), admin_url(published, "autosave", published.pk), draft).status_code
        == 403
    )
    assert (
        post_json(login(author), admin_url(theirs, "autosave", theirs.pk), draft).status_code
        == 404
    )
    # The partnerships officer has no business with articles at all.
    refused = post_json(login(officer), admin_url(theirs, "autosave", theirs.pk), draft)
    assert refused.status_code == 403
    assert refused.json() == {"error": "У вас нет права изменять эту запись."}
    assert post_json(login(officer), admin_url(Article, "autosave_new"), draft).status_code == 403
    assert login(officer).post(admin_url(theirs, "presence", theirs.pk)).status_code == 403
    assert not EditDraft.objects.exists()


def test_a_session_that_has_ended_gets_403_in_json_not_the_login_page(make_article, now):
    article = make_article(status="draft")
    draft = {"fields": [["title", "x"]], "names": ["title"], "labels": {}}

    response = post_json(Client(), admin_url(article, "autosave", article.pk), draft)

    assert response.status_code == 403
    assert response.json() == {"error": "Сеанс работы завершён: войдите снова."}


def test_the_endpoints_need_the_csrf_token(ivanova, draft_article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ivanova)
    draft = {"fields": [["title", "x"]], "names": ["title"], "labels": {}}

    response = post_json(client, admin_url(draft_article, "autosave", draft_article.pk), draft)

    assert response.status_code == 403
    assert not EditDraft.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "[]",
        '"text"',
        "{}",
        '{"fields": {"title": "x"}}',
        '{"fields": [["title"]]}',
        '{"fields": [["title", 5]]}',
        '{"fields": [[null, "x"]]}',
        '{"fields": [], "names": "title"}',
        '{"fields": [], "names": [1]}',
        '{"fields": [], "labels": []}',
        '{"fields": [], "labels": {"rubric": {"1": 2}}}',
        json.dumps({"fields": [["a", "b"]] * 5001}),
        json.dumps({"fields": [["x" * 201, "b"]]}),
    ],
)
def test_what_is_not_a_form_is_refused_with_400(body, login, ivanova, draft_article):
    response = post_json(
        login(ivanova), admin_url(draft_article, "autosave", draft_article.pk), body
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not EditDraft.objects.exists()


@pytest.mark.parametrize(
    "body", ["nope", "[]", '{"version": "3"}', '{"version": true}', '{"leaving": "yes"}']
)
def test_a_bad_heartbeat_is_refused_with_400(body, login, ivanova, draft_article):
    url = admin_url(draft_article, "presence", draft_article.pk)

    assert post_json(login(ivanova), url, body).status_code == 400


def test_the_endpoints_take_only_post_and_known_records(login, ivanova, draft_article):
    client = login(ivanova)

    assert client.get(admin_url(draft_article, "autosave", draft_article.pk)).status_code == 405
    assert (
        client.post(admin_url(Article, "autosave", 999999), "{}", "application/json").status_code
        == 404
    )
    assert (
        client.post(admin_url(Article, "autosave", "abc"), "{}", "application/json").status_code
        == 404
    )


def test_editors_of_the_same_record_see_each_other(
    login, ivanova, petrov, draft_article, time_machine
):
    url = admin_url(draft_article, "change", draft_article.pk)
    beat_url = admin_url(draft_article, "presence", draft_article.pk)
    hers, his = login(ivanova), login(petrov)
    page(hers.get(url))  # she opens the article

    # He opens it: she is named at once, in the short form.
    editing = page(his.get(url)).find_class("desk__editing")[0]
    assert editing.text_content() == "Сейчас редактирует: Иванова И."
    assert editing.get("hidden") is None
    # Her next beat names him; neither sees themselves.
    answer = post_json(hers, beat_url, {"version": 1}).json()
    assert answer == {"editing": "Сейчас редактирует: Петров П.", "version": 1}

    # He closes the tab: gone from her next beat.
    post_json(his, beat_url, {"leaving": True})
    assert post_json(hers, beat_url, {"version": 1}).json()["editing"] == ""

    # A browser that stops beating without saying so is gone within a minute.
    post_json(his, beat_url, {"version": 1})
    time_machine.shift(datetime.timedelta(seconds=presence.present_for() + 1))
    assert post_json(hers, beat_url, {"version": 1}).json()["editing"] == ""
    assert presence.present_for() < 60


def test_the_other_editor_is_told_to_reload_after_a_save(login, ivanova, petrov, draft_article):
    url = admin_url(draft_article, "change", draft_article.pk)
    hers = login(ivanova)
    page(hers.get(url))
    his = login(petrov)
    _tree, draft = opened_form(his, url, "article_form")
    assert (
        his.post(url, as_post(typed(draft, lead="Мост закроют на два месяца."))).status_code == 302
    )

    answer = post_json(
        hers, admin_url(draft_article, "presence", draft_article.pk), {"version": 1}
    ).json()

    assert answer["version"] == 2
    assert answer["notice"] == (
        "Запись сохранена после того, как вы её открыли (Петров П., 10:00). Перезагрузите "
        "страницу, чтобы увидеть изменения: набранный вами текст останется в черновике."
    )


def test_an_editor_whose_draft_was_overtaken_by_anothers_save_is_still_offered_it(
    login, ivanova, petrov, draft_article
):
    """Her draft is older than his save, but it is her unsaved work: offered, and restored
    it carries the version she opened, so saving it goes through the conflict page."""
    url = admin_url(draft_article, "change", draft_article.pk)
    hers = login(ivanova)
    _tree, draft = opened_form(hers, url, "article_form")
    post_json(
        hers,
        admin_url(draft_article, "autosave", draft_article.pk),
        typed(draft, title="Её заголовок"),
    )
    his = login(petrov)
    _tree, his_form = opened_form(his, url, "article_form")
    assert his.post(url, as_post(typed(his_form, lead="Его описание."))).status_code == 302

    tree = page(hers.get(url))

    assert tree.get_element_by_id("desk-offer-title").text_content() == OFFER
    restored = json.loads(tree.get_element_by_id("desk-draft").text)
    assert ["version", "1"] in restored["fields"]


def test_old_drafts_are_purged_by_a_daily_task(ivanova, draft_article, settings, time_machine):
    settings.DESK_DRAFT_DAYS = 30
    articles = ContentType.objects.get_for_model(Article)
    old = EditDraft.objects.create(
        user=ivanova, content_type=articles, object_id=str(draft_article.pk)
    )
    EditDraft.objects.filter(pk=old.pk).update(
        updated_at=old.updated_at - datetime.timedelta(days=31)
    )
    fresh = EditDraft.objects.create(user=ivanova, content_type=articles, object_id="")

    assert purge_drafts in hooks.get_hooks(hooks.DAILY_TASKS)
    assert purge_drafts.call(datetime.date.today().isoformat()) == 1

    assert list(EditDraft.objects.all()) == [fresh]


def test_the_text_diff_keeps_a_few_words_around_each_change():
    before = " ".join(f"слово{n}" for n in range(40))
    after = before.replace("слово20", "новое")

    segments = drafts.word_diff(before, after)

    assert segments[1:3] == [("del", "слово20"), ("ins", "новое")]
    kinds, texts = zip(*segments, strict=True)
    assert kinds == ("same", "del", "ins", "same")
    assert texts[0] == "… " + " ".join(f"слово{n}" for n in range(12, 20))
    assert texts[3] == " ".join(f"слово{n}" for n in range(21, 29)) + " …"


def test_the_desk_is_on_the_forms_of_those_who_may_save_them(login, author, make_article, now):
    own_draft = make_article("Черновик", status="draft", created_by=author)
    published = make_article("Опубликована", created_by=author)
    client = login(author)

    tree = page(client.get(admin_url(own_draft, "change", own_draft.pk)))
    desk = tree.get_element_by_id("desk")
    assert desk.get("data-autosave-url") == admin_url(own_draft, "autosave", own_draft.pk)
    assert desk.get("data-presence-url") == admin_url(own_draft, "presence", own_draft.pk)
    assert tree.xpath("//script[contains(@src, 'portal/desk.js')]")
    # Her own published article she may only read: nothing to autosave, nobody to tell.
    read_only = page(client.get(admin_url(published, "change", published.pk)))
    assert read_only.xpath("//*[@id='desk']") == []


def test_the_form_tells_the_browser_when_its_editor_last_saved(login, ivanova, draft_article):
    """A copy the browser kept from before that moment is out of date (static/portal/desk.js)."""
    client = login(ivanova)
    url = admin_url(draft_article, "change", draft_article.pk)
    assert page(client.get(url)).get_element_by_id("desk").get("data-saved-by-me") is None
    _tree, draft = opened_form(client, url, "article_form")
    assert client.post(url, as_post(draft)).status_code == 302
    draft_article.refresh_from_db()

    desk = page(client.get(url)).get_element_by_id("desk")

    assert int(desk.get("data-saved-by-me")) == int(draft_article.updated_at.timestamp() * 1000)
    add_desk = page(client.get(admin_url(Article, "add"))).get_element_by_id("desk")
    assert add_desk.get("data-saved-by-me") is None  # she has created no article
