"""No lost edits: of two editors who opened the same record, the second to save is refused and
told who saved first, when, and what they changed; the first editor's work stays."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from news.models import Article
from news.services import publish_article
from partnerships.models import Agreement, CooperationPlan, Event
from portal.models import EditConflict
from tests.support import form_data, page
from tests.workflow.conftest import errors_of


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def open_form(client, obj) -> dict:
    return form_data(page(client.get(change_url(obj))), f"{obj._meta.model_name}_form")


@pytest.fixture
def second_chief(make_staff):
    from portal import roles

    return make_staff("zamglavreda", roles.CHIEF_EDITOR)


def test_the_second_of_two_concurrent_saves_is_refused_with_the_conflict(
    login, author, chief, make_article, now
):
    article = make_article(
        "Ремонт моста", lead="Мост закроют на ремонт.", status="draft", created_by=author
    )
    author_client, chief_client = login(author), login(chief)
    author_form = open_form(author_client, article)
    chief_form = open_form(chief_client, article)

    author_form["title"] = "Ремонт моста начнётся в мае"
    first = author_client.post(change_url(article), author_form)
    chief_form["lead"] = "Мост через реку закроют на два месяца."
    second = chief_client.post(change_url(article), chief_form)

    assert first.status_code == 302
    assert second.status_code == 200
    errors = errors_of(second)
    assert "Avtor" in errors  # who saved first (the full name of the account)
    assert "«Ремонт моста»" in errors and "«Ремонт моста начнётся в мае»" in errors
    article.refresh_from_db()
    assert article.title == "Ремонт моста начнётся в\u00a0мае"  # typeset on save
    assert article.lead == "Мост закроют на\u00a0ремонт."
    assert article.version == 2
    # The refused form still holds the chief editor's text, to copy from.
    assert "Мост через реку закроют на два месяца." in second.content.decode()


def test_a_refused_form_stays_refused_until_it_is_opened_again(
    login, chief, second_chief, make_article
):
    article = make_article("Новость", status="draft")
    first, second = login(chief), login(second_chief)
    stale = open_form(second, article)
    first.post(change_url(article), {**open_form(first, article), "title": "Первая правка"})

    assert second.post(change_url(article), stale).status_code == 200
    assert second.post(change_url(article), stale).status_code == 200

    fresh = {**open_form(second, article), "lead": "Вторая правка"}
    assert second.post(change_url(article), fresh).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead, article.version) == ("Первая правка", "Вторая правка", 3)


def test_an_action_taken_meanwhile_is_not_overwritten_by_an_open_form(
    login, chief, second_chief, make_article
):
    article = make_article("Новость", status="review")
    stale = open_form(login(second_chief), article)

    login(chief).post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk], "index": 0},
    )
    response = login(second_chief).post(change_url(article), {**stale, "title": "Правка"})

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.title == "Новость"


@pytest.mark.parametrize(
    ("record", "field", "first_value", "second_value"),
    [
        ("agreement", "title", "Соглашение дружбы", "Соглашение партнёрства"),
        ("event", "place", "Дворец культуры", "Городской парк"),
        ("plan", "title", "План на 2021 год", "План на 2022 год"),
    ],
)
def test_partnership_records_are_protected_too(
    login,
    make_staff,
    make_agreement,
    make_event,
    make_plan,
    record,
    field,
    first_value,
    second_value,
):
    from portal import roles

    agreement = make_agreement()
    obj = {
        "agreement": lambda: agreement,
        "event": lambda: make_event(agreement=agreement),
        "plan": lambda: make_plan(agreement),
    }[record]()
    one = login(make_staff("partnery", roles.PARTNERSHIPS_OFFICER))
    two = login(make_staff("partnery2", roles.PARTNERSHIPS_OFFICER))
    first_form, second_form = open_form(one, obj), open_form(two, obj)

    assert one.post(change_url(obj), {**first_form, field: first_value}).status_code == 302
    refused = two.post(change_url(obj), {**second_form, field: second_value})

    assert refused.status_code == 200
    assert f"«{first_value}»" in errors_of(refused)
    obj.refresh_from_db()
    assert getattr(obj, field) == first_value


@pytest.mark.parametrize("model", [Article, Agreement, Event, CooperationPlan])
def test_every_versioned_model_refuses_a_stale_save(
    model, make_article, make_agreement, make_event, make_plan
):
    obj = {
        Article: make_article,
        Agreement: make_agreement,
        Event: make_event,
        CooperationPlan: lambda: make_plan(make_agreement("Другое соглашение")),
    }[model]()
    mine, theirs = model.objects.get(pk=obj.pk), model.objects.get(pk=obj.pk)
    theirs.title = "Их правка"
    theirs.save()

    mine.title = "Моя правка"
    with pytest.raises(EditConflict):
        mine.save()
    with pytest.raises(EditConflict):
        mine.save(update_fields=["title"])

    assert model.objects.get(pk=obj.pk).title == "Их правка"
    assert mine.version == theirs.version - 1


def test_saves_of_one_copy_follow_each_other(make_article):
    article = make_article()
    for number in range(3):
        article.title = f"Правка {number}"
        article.save()
    publish_article(article)

    assert Article.objects.get(pk=article.pk).version == article.version == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_transactions_cannot_both_win(make_article):
    """On PostgreSQL the conditional UPDATE waits for the other transaction and then finds
    the version moved on: exactly one of two simultaneous saves succeeds."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks between connections (PostgreSQL)")
    article = make_article("Общая статья", status="draft")
    first_saved, outcomes = threading.Event(), {}

    def save(name, hold):
        try:
            copy = Article.objects.get(pk=article.pk)
            copy.title = name
            with transaction.atomic():
                copy.save()
                if hold:
                    first_saved.set()
                    threading.Event().wait(0.5)  # keep the row locked a while
            outcomes[name] = "saved"
        except EditConflict:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("первый", True))
    first.start()
    first_saved.wait(5)
    second = threading.Thread(target=save, args=("второй", False))
    second.start()
    first.join(10)
    second.join(10)

    assert outcomes == {"первый": "saved", "второй": "refused"}
    assert Article.objects.get(pk=article.pk).title == "первый"


def test_a_publication_time_nobody_changed_is_not_listed_as_changed(
    login, chief, second_chief, make_article
):
    # Publishing stamps the time with microseconds, its revision keeps milliseconds and the
    # form edits it to the second: three spellings of one publication time.
    article = make_article("Новость", status="review")
    publish_article(article, by=chief)
    first, second = login(chief), login(second_chief)
    stale = open_form(second, article)
    first.post(change_url(article), {**open_form(first, article), "title": "Первая правка"})

    refused = second.post(change_url(article), {**stale, "lead": "Вторая правка"})

    errors = errors_of(refused)
    assert "«Первая правка»" in errors
    assert "Время публикации" not in errors and "Publication time" not in errors


def resolution_choices(response) -> dict[str, list[str]]:
    """The «keep mine» / «take theirs» radio buttons the conflict page offers, per field."""
    choices: dict[str, list[str]] = {}
    for radio in page(response).xpath("//input[@type='radio'][starts-with(@name, 'conflict_')]"):
        choices.setdefault(radio.name, []).append(radio.get("value"))
    return choices


def test_the_conflict_page_offers_keep_mine_or_take_theirs_per_field(
    login, chief, second_chief, make_article
):
    article = make_article("Ремонт моста", lead="Мост закроют.", status="draft")
    first, second = login(chief), login(second_chief)
    stale = open_form(second, article)
    first.post(
        change_url(article),
        {**open_form(first, article), "title": "Их заголовок", "lead": "Их описание"},
    )
    mine = {**stale, "title": "Мой заголовок", "lead": "Моё описание"}

    refused = second.post(change_url(article), mine)

    assert resolution_choices(refused) == {
        "conflict_title": ["mine", "theirs"],
        "conflict_lead": ["mine", "theirs"],
    }
    resolved = form_data(page(refused), "article_form")
    resolved.update({"conflict_title": "mine", "conflict_lead": "theirs"})
    saved = second.post(change_url(article), resolved)

    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Мой заголовок", "Их описание")
    assert article.version == 3


def test_a_resolution_made_before_yet_another_save_is_refused_again(
    login, chief, second_chief, make_article
):
    article = make_article("Ремонт моста", status="draft")
    first, second = login(chief), login(second_chief)
    stale = open_form(second, article)
    first.post(change_url(article), {**open_form(first, article), "title": "Их заголовок"})
    refused = second.post(change_url(article), {**stale, "title": "Мой заголовок"})
    resolved = {**form_data(page(refused), "article_form"), "conflict_title": "mine"}
    first.post(change_url(article), {**open_form(first, article), "title": "Третий заголовок"})

    again = second.post(change_url(article), resolved)

    assert again.status_code == 200
    assert "«Третий заголовок»" in errors_of(again)
    article.refresh_from_db()
    assert article.title == "Третий заголовок"


def test_a_save_made_between_validation_and_writing_offers_the_same_choice(
    login, chief, second_chief, make_article, monkeypatch
):
    """The validation read the record before the other save was written (a database without
    row locks, or a save from outside the admin): the write is refused, and the form comes
    back as a refusal at validation does — the choice per field, nothing typed lost."""
    from portal.admin import VersionedModelForm

    article = make_article("Ремонт моста", lead="Мост закроют.", status="draft")
    first, second = login(chief), login(second_chief)
    stale_form = open_form(second, article)
    as_validated = Article.objects.get(pk=article.pk)
    first.post(change_url(article), {**open_form(first, article), "title": "Их заголовок"})
    reads = []
    locked_stored_record = VersionedModelForm.locked_stored_record

    def read_before_their_save(form):
        reads.append(form)
        return as_validated if len(reads) == 1 else locked_stored_record(form)

    monkeypatch.setattr(VersionedModelForm, "locked_stored_record", read_before_their_save)

    refused = second.post(
        change_url(article), {**stale_form, "title": "Мой заголовок", "lead": "Моё описание"}
    )

    assert refused.status_code == 200
    assert len(reads) == 2
    assert resolution_choices(refused)["conflict_title"] == ["mine", "theirs"]
    content = refused.content.decode()
    assert "Моё описание" in content and "Мой заголовок" in content
    assert "«Их заголовок»" in errors_of(refused)
    article.refresh_from_db()
    assert (article.title, article.lead, article.version) == ("Их заголовок", "Мост закроют.", 2)

    resolved = {**form_data(page(refused), "article_form"), "conflict_title": "mine"}
    assert second.post(change_url(article), resolved).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Мой заголовок", "Моё описание")
