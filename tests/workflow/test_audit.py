"""The audit trail: who published, unpublished, sent back and deleted what; for chief editors."""

from django.urls import reverse

from news.models import Article
from portal.models import AuditEvent
from tests.support import page


def changelist_action(client, action, *articles):
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], "index": 0},
    )


def trail() -> list[tuple[str, str, str]]:
    return [
        (event.action, event.actor_name, event.object_repr)
        for event in AuditEvent.objects.order_by("id")
    ]


def test_publishing_unpublishing_archiving_and_deleting_are_recorded(
    login, chief, make_article, now
):
    client = login(chief)
    article = make_article("Новость", status=Article.Status.REVIEW)

    changelist_action(client, "publish_selected", article)
    changelist_action(client, "unpublish_selected", article)
    changelist_action(client, "archive_selected", article)
    client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})

    assert trail() == [
        ("published", "glavred", "Новость"),
        ("unpublished", "glavred", "Новость"),
        ("archived", "glavred", "Новость"),
        ("deleted", "glavred", "Новость"),
    ]
    assert all(event.created_at == now for event in AuditEvent.objects.all())


def test_bulk_deletion_and_agreements_are_recorded(
    login, chief, officer, make_article, make_agreement
):
    first, second = make_article("Первая"), make_article("Вторая")
    agreement = make_agreement("Соглашение")

    login(chief).post(
        reverse("admin:news_article_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    officer_client = login(officer)
    officer_client.post(
        reverse("admin:partnerships_agreement_changelist"),
        {"action": "hide_selected", "_selected_action": [agreement.pk], "index": 0},
    )
    officer_client.post(
        reverse("admin:partnerships_agreement_delete", args=[agreement.pk]), {"post": "yes"}
    )

    assert sorted(trail()) == sorted(
        [
            ("deleted", "glavred", "Первая"),
            ("deleted", "glavred", "Вторая"),
            ("hidden", "partnery", "Соглашение"),
            ("deleted", "partnery", "Соглашение"),
        ]
    )


def test_the_chief_editor_reads_the_trail_and_filters_it(login, chief, author, make_article):
    article = make_article("Новость", status=Article.Status.REVIEW, created_by=author)
    AuditEvent.objects.record(AuditEvent.Action.SUBMITTED, article, by=author)
    AuditEvent.objects.record(AuditEvent.Action.PUBLISHED, article, by=chief)
    client = login(chief)
    url = reverse("admin:portal_auditevent_changelist")

    def rows(query=""):
        tree = page(client.get(url + query))
        return tree.xpath("//table[@id='result_list']//td[contains(@class, 'field-action')]")

    assert len(rows()) == 2
    assert len(rows("?action__exact=published")) == 1
    assert len(rows(f"?actor__id__exact={author.pk}")) == 1
    tree = page(client.get(url))
    link = reverse("admin:news_article_change", args=[article.pk])
    assert link in tree.xpath("//table[@id='result_list']//a/@href")
    assert tree.xpath("//*[@id='changelist-filter']")


def test_the_trail_cannot_be_edited_even_by_a_superuser(editor_client, make_article):
    article = make_article()
    event = AuditEvent.objects.record(AuditEvent.Action.PUBLISHED, article)

    change = editor_client.get(reverse("admin:portal_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert not page(change).xpath("//input[@type='submit']")
    assert editor_client.get(reverse("admin:portal_auditevent_add")).status_code == 403
    delete_url = reverse("admin:portal_auditevent_delete", args=[event.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
