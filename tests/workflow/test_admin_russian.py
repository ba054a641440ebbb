"""The admin speaks grammatical Russian: names in the right case, messages in the right gender."""

import json
from datetime import datetime, timedelta

import pytest
from django.contrib import admin
from django.urls import reverse

from news.models import Article, Department, Rubric, Tag
from partnerships.models import Agreement, Event, Partner
from portal.admin_grammar import NAMES
from tests.support import form_data, page
from tests.workflow.conftest import MOSCOW, messages_of


def admin_url(model, view, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def text(tree, xpath) -> str:
    return " ".join(tree.xpath(f"string({xpath})").split())


@pytest.fixture
def chief_client(login, chief):
    return login(chief)


def test_every_model_and_inline_of_the_admin_has_its_russian_names():
    models = set()
    for model, model_admin in admin.site._registry.items():
        models.add(model._meta.label_lower)
        models.update(inline.model._meta.label_lower for inline in model_admin.inlines)
    assert models - set(NAMES) == set()


def test_add_pages_and_add_buttons_name_the_record_in_the_accusative(editor_client):
    checked = 0
    for model in admin.site._registry:
        names = NAMES[model._meta.label_lower]
        with_add_page = editor_client.get(admin_url(model, "add"))
        if with_add_page.status_code != 200:
            continue
        checked += 1
        add_page = page(with_add_page)
        assert text(add_page, "//h1") == f"Добавить {names.accusative}", model
        assert text(add_page, "//title").startswith(f"Добавить {names.accusative} |"), model
        assert f"› Добавить {names.accusative}" in text(add_page, "//*[@class='breadcrumbs']")
        changelist = page(editor_client.get(admin_url(model, "changelist")))
        assert (
            text(changelist, "//ul[@class='object-tools']//a[@class='addlink']")
            == f"Добавить {names.accusative}"
        ), model
        assert text(changelist, "//h1") == names.plural[:1].upper() + names.plural[1:], model
    assert checked >= 12


def test_the_change_page_title_names_the_record_in_the_accusative(editor_client):
    partner = Partner.objects.create(name="Торез", slug="torez")

    tree = page(editor_client.get(admin_url(Partner, "change", partner.pk)))

    assert text(tree, "//h1") == "Изменить партнёра"


@pytest.mark.parametrize(
    ("model", "fields", "added", "saved", "deleted"),
    [
        (
            Rubric,
            {"name": "Культура", "slug": "kultura", "order": "1"},
            "добавлена",
            "сохранена",
            "удалена",
        ),
        (Tag, {"name": "Побратимы", "slug": "pobratimy"}, "добавлен", "сохранён", "удалён"),
        (
            Department,
            {"name": "Отдел культуры", "slug": "otdel-kultury"},
            "добавлено",
            "сохранено",
            "удалено",
        ),
    ],
)
def test_add_change_and_delete_messages_agree_in_gender(
    editor_client, model, fields, added, saved, deleted
):
    names = NAMES[model._meta.label_lower]
    name = fields["name"]

    response = editor_client.post(admin_url(model, "add"), fields, follow=True)
    obj = model.objects.get(name=name)
    assert messages_of(response)[0].startswith(f"{names.title()} «{name}» {added}")

    response = editor_client.post(
        admin_url(model, "change", obj.pk), {**fields, "_continue": "1"}, follow=True
    )
    assert messages_of(response) == [
        f"{names.title()} «{name}» {saved}"
        + (
            f' — <a href="{obj.get_absolute_url()}">открыть на сайте</a>'
            if hasattr(obj, "get_absolute_url")
            else ""
        )
        + ". Можно продолжить редактирование ниже."
    ]

    confirm = page(editor_client.get(admin_url(model, "delete", obj.pk)))
    assert text(confirm, "//h1") == f"Удалить {names.accusative}?"
    assert f'удалить {names.accusative} "{name}"' in text(confirm, "//*[@id='content']")
    response = editor_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}, follow=True)
    assert messages_of(response) == [f"{names.title()} «{name}» {deleted}."]


def test_partner_add_message_is_masculine_and_links_to_the_site(editor_client):
    response = editor_client.post(
        admin_url(Partner, "add"),
        {"name": "Торез", "slug": "torez", "kind": Partner.Kind.CITY, "_addanother": "1"},
        follow=True,
    )

    assert messages_of(response) == [
        'Партнёр «Торез» добавлен — <a href="/partnerships/partners/torez/">открыть на сайте</a>.'
        " Ниже можно добавить ещё партнёра."
    ]


def test_a_hidden_agreement_is_saved_without_a_link_to_the_site(editor_client, make_agreement):
    agreement = make_agreement("Соглашение о побратимстве", is_published=False)
    url = admin_url(Agreement, "change", agreement.pk)
    data = form_data(page(editor_client.get(url)), "agreement_form")

    response = editor_client.post(url, data, follow=True)

    # The title is typeset on save: a non-breaking space after «о».
    assert messages_of(response) == ["Соглашение «Соглашение о\u00a0побратимстве» сохранено."]


def test_bulk_delete_counts_in_the_genitive_plural(editor_client):
    for number in range(3):
        Tag.objects.create(name=f"Тег {number}", slug=f"teg-{number}")
    changelist = page(editor_client.get(admin_url(Tag, "changelist")))
    assert "Удалить выбранные теги" in changelist.xpath("//select[@name='action']/option/text()")

    response = editor_client.post(
        admin_url(Tag, "changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": list(Tag.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert messages_of(response) == ["Удалено тегов: 3."]
    assert not Tag.objects.exists()


def test_the_delete_action_of_animate_records_uses_their_accusative(editor_client):
    partner = Partner.objects.create(name="Торез", slug="torez")
    changelist = page(editor_client.get(admin_url(Partner, "changelist")))

    assert "Удалить выбранных партнёров" in changelist.xpath(
        "//select[@name='action']/option/text()"
    )
    confirmation = page(
        editor_client.post(
            admin_url(Partner, "changelist"),
            {"action": "delete_selected", "_selected_action": [partner.pk]},
        )
    )
    assert "Вы уверены, что хотите удалить выбранных партнёров?" in text(
        confirmation, "//*[@id='content']"
    )


def test_a_record_the_editor_may_only_view_is_titled_so(login, author, make_article):
    published = make_article("Открытие школы", created_by=author)

    tree = page(login(author).get(admin_url(Article, "change", published.pk)))

    assert text(tree, "//h1") == "Просмотреть статью"


def test_event_and_site_settings_messages_agree_in_gender_and_number(editor_client, make_event):
    event = make_event("Визит делегации", is_published=False)
    url = admin_url(Event, "change", event.pk)
    response = editor_client.post(
        url, form_data(page(editor_client.get(url)), "event_form"), follow=True
    )
    assert messages_of(response) == ["Мероприятие «Визит делегации» сохранено."]

    url = reverse("admin:portal_sitesettings_change")
    data = form_data(page(editor_client.get(url)), "sitesettings_form")
    data["city_name"] = "Алчевск"
    response = editor_client.post(url, data, follow=True)
    assert messages_of(response) == ["Настройки сайта сохранены."]


def test_inlines_offer_to_add_another_record_in_the_accusative(editor_client, make_agreement):
    agreement = make_agreement()

    tree = page(editor_client.get(admin_url(Agreement, "change", agreement.pk)))

    labels = {
        json.loads(data)["name"]: json.loads(data)["options"]["addText"]
        for data in tree.xpath("//@data-inline-formset")
    }
    assert labels["#signatories"] == "Добавить ещё подписанта"
    assert labels["#documents"] == "Добавить ещё документ"
    assert labels["#plans"] == "Добавить ещё план сотрудничества"


def test_article_inlines_have_russian_headers(editor_client, make_article):
    article = make_article()

    tree = page(editor_client.get(admin_url(Article, "change", article.pk)))

    headings = [
        " ".join(h.split())
        for h in tree.xpath("//fieldset[contains(@class, 'module')]/h2//text()")
    ]
    assert "Соглашения, о которых рассказывает статья" in headings
    assert "Мероприятия, о которых рассказывает статья" in headings
    labels = {
        json.loads(data)["options"]["addText"] for data in tree.xpath("//@data-inline-formset")
    }
    assert "Добавить ещё соглашение, о котором рассказывает статья" in labels
    assert "Добавить ещё фотографию галереи" in labels


# Publishing and the history. The history comments need locale/pending/russian.po merged.


def post_article(client, article, **changes):
    url = admin_url(Article, "change", article.pk)
    data = form_data(page(client.get(url)), "article_form")
    data.update(changes)
    return client.post(url, data, follow=True)


def history_comments(client, article) -> list[str]:
    tree = page(client.get(admin_url(Article, "history", article.pk)))
    return [
        " ".join(cell.text_content().split())
        for cell in tree.xpath("//table[@id='change-history']/tbody/tr/td[last()]")
    ]


@pytest.fixture
def in_review(make_article, author, now):
    return make_article(
        "Ремонт дворов",
        status=Article.Status.REVIEW,
        created_by=author,
        publish_at=now - timedelta(hours=1),
    )


def test_approving_says_the_article_is_published_with_a_link_to_it(chief_client, in_review):
    response = post_article(chief_client, in_review, review_action="approve")

    assert messages_of(response) == [
        'Статья «Ремонт дворов» опубликована — <a href="/news/remont-dvorov/">открыть на сайте</a>.'
    ]
    assert history_comments(chief_client, in_review) == ["Опубликовано"]


def test_a_future_publication_time_says_when_it_is_scheduled(chief_client, in_review, now):
    response = post_article(
        chief_client,
        in_review,
        status=Article.Status.PUBLISHED,
        publish_at_0="12.03.2026",
        publish_at_1="10:00:00",
    )

    assert messages_of(response) == ["Статья «Ремонт дворов» запланирована на 12 марта, 10:00."]
    in_review.refresh_from_db()
    assert in_review.publish_at == datetime(2026, 3, 12, 10, 0, tzinfo=MOSCOW)


def test_submitting_says_the_article_went_for_review(login, author, make_article, now):
    draft = make_article("Ремонт дворов", status=Article.Status.DRAFT, created_by=author)
    client = login(author)

    response = post_article(client, draft, review_action="submit")

    assert messages_of(response) == ["Статья «Ремонт дворов» отправлена на согласование."]
    (comment,) = history_comments(client, draft)
    assert comment.startswith("Отправлено на согласование")


def test_the_history_says_what_was_sent_back_and_what_was_changed(chief_client, in_review, now):
    response = post_article(
        chief_client, in_review, review_action="send_back", review_comment="Уточните сроки."
    )
    assert messages_of(response) == ["Статья «Ремонт дворов» возвращена автору."]

    post_article(chief_client, in_review, lead="Новый анонс.", body="<p>Новый текст.</p>")

    comments = history_comments(chief_client, in_review)
    assert comments[0] == "Изменены: анонс, текст"
    assert comments[1].startswith("Возвращено с замечанием: Уточните сроки.")
    assert all("review_" not in comment and "Lead" not in comment for comment in comments)


# The author's queue on the admin front page. The labels need locale/pending/russian.po merged.


def queue_rows(tree) -> dict[str, tuple[str, str]]:
    return {
        text(row, "th"): (text(row, "td"), row.xpath("string(th/a/@href)"))
        for row in tree.xpath("//*[@id='editorial-queue']//tr")
    }


def test_an_author_sees_what_was_sent_back_with_the_comment_and_what_is_published(
    login, author, chief, make_article, now
):
    from news import services

    returned = make_article("Ремонт дворов", status=Article.Status.REVIEW, created_by=author)
    services.send_back(returned, by=chief, note="Уточните сроки ремонта.")
    resubmitted = make_article("Новый сквер", status=Article.Status.REVIEW, created_by=author)
    services.send_back(resubmitted, by=chief, note="Добавьте фото.")
    services.submit_for_review(resubmitted, by=author)
    make_article("Открытие школы", created_by=author)
    make_article("Чужая новость", status=Article.Status.DRAFT)
    client = login(author)

    tree = page(client.get(reverse("admin:index")))

    rows = queue_rows(tree)
    changelist = reverse("admin:news_article_changelist")
    assert rows["Возвращены на доработку"] == ("1", f"{changelist}?publication=returned")
    assert rows["Ваши опубликованные статьи"] == ("1", f"{changelist}?publication=public")
    assert text(tree, "//*[@id='sent-back']") == (
        "Возвращены на доработку Ремонт дворов: Уточните сроки ремонта."
    )
    assert tree.xpath("//*[@id='sent-back']//a/@href") == [
        admin_url(Article, "change", returned.pk)
    ]
    listed = page(client.get(f"{changelist}?publication=returned"))
    assert listed.xpath(
        "//table[@id='result_list']//*[contains(@class, 'field-title')]/a/text()"
    ) == ["Ремонт дворов"]


def test_deleting_a_rubric_used_by_articles_is_refused_in_the_genitive(
    editor_client, make_article
):
    article = make_article("Новость рубрики")
    rubric = article.rubric

    confirmation = page(editor_client.get(admin_url(Rubric, "delete", rubric.pk)))

    content = text(confirmation, "//*[@id='content']")
    assert f"Удаление рубрики '{rubric}' потребует удаления" in content
    assert "Новость рубрики" in content
    bulk = page(
        editor_client.post(
            admin_url(Rubric, "changelist"),
            {"action": "delete_selected", "_selected_action": [rubric.pk]},
        )
    )
    assert "Удаление выбранных рубрик потребует удаления" in text(bulk, "//*[@id='content']")


def test_deleting_a_partner_a_signatory_signed_for_is_refused_in_the_genitive(
    editor_client, make_agreement
):
    from partnerships.models import Signatory

    agreement = make_agreement()
    torez = agreement.partners.get(slug="torez")
    Signatory.objects.create(
        agreement=agreement, name="Лысенко Д. В.", position="Глава", side=torez
    )

    confirmation = page(editor_client.get(admin_url(Partner, "delete", torez.pk)))

    assert "Удаление партнёра 'Торез' потребует удаления" in text(
        confirmation, "//*[@id='content']"
    )


def with_revision(build):
    import reversion

    with reversion.create_revision():
        return build()


def test_the_history_and_an_old_version_are_titled_in_the_genitive(editor_client, make_article):
    from reversion.models import Version

    article = with_revision(lambda: make_article("Ремонт моста"))
    history = page(editor_client.get(admin_url(Article, "history", article.pk)))
    assert text(history, "//h1") == "История изменений статьи «Ремонт моста»"

    version = Version.objects.get_for_object(article).get()
    old = page(editor_client.get(admin_url(Article, "revision", article.pk, version.pk)))
    assert text(old, "//h1") == "Вернуть прежнюю версию статьи «Ремонт моста»"
    breadcrumbs = text(old, "//*[@class='breadcrumbs']")
    assert breadcrumbs.endswith("› История › Вернуть прежнюю версию статьи «Ремонт моста»")


@pytest.mark.parametrize(
    ("model", "fixture", "title"),
    [
        (Article, "make_article", "Восстановить удалённые статьи"),
        (Agreement, "make_agreement", "Восстановить удалённые соглашения"),
        (Event, "make_event", "Восстановить удалённые мероприятия"),
    ],
)
def test_recovering_deleted_records_is_titled_in_the_accusative(
    editor_client, request, model, fixture, title
):
    from reversion.models import Version

    record = with_revision(request.getfixturevalue(fixture))
    name = str(record)
    with_revision(record.delete)

    changelist = page(editor_client.get(admin_url(model, "changelist")))
    assert text(changelist, "//a[@class='recoverlink']") == title
    recover_list = page(editor_client.get(admin_url(model, "recoverlist")))
    assert text(recover_list, "//h1") == title
    assert text(recover_list, "//*[@class='breadcrumbs']").endswith(f"› {title}")
    version = Version.objects.get_deleted(model).get()
    recover = page(editor_client.get(admin_url(model, "recover", version.pk)))
    accusative = NAMES[model._meta.label_lower].accusative
    assert text(recover, "//h1") == f"Восстановить {accusative} «{name}»"
    assert text(recover, "//*[@class='breadcrumbs']").endswith(
        f"› {title} › Восстановить {accusative} «{name}»"
    )


def test_animate_records_are_recovered_in_the_genitive_plural():
    assert NAMES["partnerships.partner"].recover_deleted_label() == (
        "Восстановить удалённых партнёров"
    )
