"""What the reader named exactly comes first; an editor's pinned «best answer» before all."""

from django.contrib.contenttypes.models import ContentType

from partnerships.models import Agreement
from portal.models import SearchPin
from tests.search.test_search import found


def test_an_exact_name_puts_the_partner_and_its_agreement_first(
    client, press_release, twinning, make_article
):
    for number in range(8):
        make_article(f"Делегация Тореза, визит {number}", lead="Торез и Алчевск. Торез.")

    titles, _tree = found(client, q="Торез")

    assert titles[:2] == ["Торез", twinning["agreement"].title]


def test_the_exact_name_is_matched_in_any_case(client, twinning, press_release):
    titles, _tree = found(client, q="ТОРЕЗ")

    assert titles[:2] == ["Торез", twinning["agreement"].title]


def test_a_pinned_result_comes_first_labelled_best_answer(client, twinning, press_release):
    agreement = twinning["agreement"]
    SearchPin.objects.create(
        query="  Побратимы ",
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=agreement.pk,
    )

    titles, tree = found(client, q="побратимы")

    assert titles[0] == agreement.title
    assert titles.count(agreement.title) == 1
    [pinned] = tree.xpath("//li[contains(@class, 'search-hit--pinned')]")
    assert pinned.xpath("string(.//*[@class='search-hit__title'])").strip() == agreement.title
    assert pinned.xpath(".//*[@class='search-hit__pinned']")  # «Лучший ответ» after the merge


def test_an_inactive_pin_or_an_unpublished_target_is_not_shown(client, twinning, press_release):
    agreement = twinning["agreement"]
    pin = SearchPin.objects.create(
        query="побратимы",
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=agreement.pk,
        is_active=False,
    )
    assert not found(client, q="побратимы")[1].xpath(
        "//li[contains(@class, 'search-hit--pinned')]"
    )

    pin.is_active = True
    pin.save()
    agreement.is_published = False
    agreement.save()
    titles, tree = found(client, q="побратимы")
    assert agreement.title not in titles
    assert not tree.xpath("//li[contains(@class, 'search-hit--pinned')]")


def test_a_pin_is_shown_on_the_first_page_only(client, twinning, make_article, monkeypatch):
    from portal import search

    monkeypatch.setattr(search.limits, "PAGE_SIZE", 3)
    for number in range(5):
        make_article(f"Побратимы, выпуск {number}")
    SearchPin.objects.create(
        query="побратимы",
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=twinning["agreement"].pk,
    )

    first, first_tree = found(client, q="побратимы")
    _second, second_tree = found(client, q="побратимы", page=2)

    assert first[0] == twinning["agreement"].title
    assert first_tree.xpath("//li[contains(@class, 'search-hit--pinned')]")
    assert not second_tree.xpath("//li[contains(@class, 'search-hit--pinned')]")


def test_a_chief_editor_pins_a_result_in_the_admin(client, django_user_model, twinning):
    from portal import roles

    groups = roles.sync_roles()
    chief = django_user_model.objects.create_user("glavred", is_staff=True)
    chief.groups.add(groups[roles.CHIEF_EDITOR])
    client.force_login(chief)
    agreement_type = ContentType.objects.get_for_model(Agreement)

    response = client.post(
        "/admin/portal/searchpin/add/",
        {
            "query": "Лучшее  Соглашение",
            "content_type": agreement_type.pk,
            "object_id": twinning["agreement"].pk,
            "order": 0,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    pin = SearchPin.objects.get()
    assert (pin.query, pin.target) == ("лучшее соглашение", twinning["agreement"])
    missing = client.post(
        "/admin/portal/searchpin/add/",
        {"query": "торез", "content_type": agreement_type.pk, "object_id": 999999, "order": 0},
    )
    assert missing.status_code == 200
    assert not SearchPin.objects.filter(query="торез").exists()
    listing = client.get("/admin/portal/searchpin/")
    assert listing.status_code == 200
    assert twinning["agreement"].title in listing.content.decode()


def test_a_pin_answers_a_query_that_matches_nothing_else(client, twinning):
    SearchPin.objects.create(
        query="договор с шахтёрским городом",
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=twinning["agreement"].pk,
    )

    titles, tree = found(client, q="Договор с шахтерским городом")

    assert titles[0] == twinning["agreement"].title
    assert tree.xpath("//li[contains(@class, 'search-hit--pinned')]")
