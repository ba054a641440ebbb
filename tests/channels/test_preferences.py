"""The notification settings page offers each staff user only the kinds of mail their role
brings, saving leaves the other kinds alone, and nobody is mailed a kind they are not offered
(so every mail a user gets is one they can switch off)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from channels.models import Kind, NotificationPreference
from news import services
from news.models import Article
from portal import demo
from tests.channels.conftest import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)

EDITORIAL = [Kind.REVIEW_REQUESTED, Kind.SENT_BACK, Kind.PUBLISHED]
WRITING = [Kind.SENT_BACK, Kind.PUBLISHED]
REGISTER = [Kind.AGREEMENT_EXPIRES, Kind.PLAN_ITEM_OVERDUE, Kind.AGREEMENT_ANNIVERSARY]

# The demo accounts (portal/demo.py) and what their roles (portal/roles.py) bring.
DEMO_ROLES = {
    "glavred": EDITORIAL,  # chief editor: reviews, and writes too
    "avtor": WRITING,  # author: their own articles sent back or published
    "partnery": REGISTER,  # partnerships officer: the register's reminders
}


@pytest.fixture
def demo_accounts(role_groups):
    demo.load()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", "admin@alchevsk.example", "correct-horse-battery"
    )


def offered(client):
    """The kinds the page offers, as tick boxes in its HTML."""
    page = client.get(reverse("channels:preferences"))
    assert page.status_code == 200
    html = page.content.decode()
    return [kind for kind in Kind if f'name="{kind.value}"' in html], html


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_each_demo_role_is_offered_only_the_kinds_it_receives(client, demo_accounts, username):
    client.force_login(demo_accounts[username])
    kinds, html = offered(client)
    assert kinds == DEMO_ROLES[username]
    for kind in set(Kind) - set(kinds):
        assert str(kind.label) not in html
    assert 'name="daily_digest"' in html


def test_a_superuser_is_offered_every_kind(client, superuser):
    client.force_login(superuser)
    assert offered(client)[0] == list(Kind)


def test_staff_without_a_role_are_told_there_is_nothing_to_choose(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("stazher", is_staff=True))
    kinds, html = offered(client)
    assert kinds == []
    assert "<form" not in html.split('id="content-main"', 1)[1]


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_saving_leaves_the_choices_about_hidden_kinds_as_they_were(
    client, demo_accounts, username
):
    user = demo_accounts[username]
    hidden = [kind for kind in Kind if kind not in DEMO_ROLES[username]]
    off, on = hidden[0], hidden[1]
    NotificationPreference.objects.create(user=user, kind=off, enabled=False)
    NotificationPreference.objects.create(user=user, kind=on, enabled=True)
    client.force_login(user)

    # Every offered kind unticked, and a forged tick for a hidden one.
    saved = client.post(reverse("channels:preferences"), {off.value: "on"})

    assert saved.status_code == 302
    choices = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    assert choices == {
        off.value: False,
        on.value: True,
        **{kind.value: False for kind in DEMO_ROLES[username]},
    }


def test_review_requests_reach_superusers_but_not_who_cannot_review(
    smtp, demo_accounts, superuser, make_article
):
    avtor = demo_accounts["avtor"]
    draft = make_article("На проверку", status=Article.Status.DRAFT, created_by=avtor)
    services.submit_for_review(draft, by=avtor)
    run_tasks()
    assert sorted(m["To"] for m in smtp.messages) == [
        "admin@alchevsk.example",
        "glavred@alchevsk.example",
        "redaktor@alchevsk.example",
    ]


def test_a_partnerships_officer_is_not_told_about_an_article_they_once_created(
    smtp, demo_accounts, make_article
):
    """They are not offered the kind, so could not switch it off: it is not sent."""
    draft = make_article(
        "Старый черновик", status=Article.Status.DRAFT, created_by=demo_accounts["partnery"]
    )
    services.publish_article(draft, by=demo_accounts["glavred"])
    run_tasks()
    assert smtp.to("partnery@alchevsk.example") == []
