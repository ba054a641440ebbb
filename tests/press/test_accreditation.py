"""A journalist asks for accreditation: stored with the consent, mailed through a real SMTP
server, limits and a honeypot, clear Russian messages for closed events, nothing typed lost."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from channels.models import SentMessage
from press.models import AccreditationRequest
from tests.channels.conftest import parts, run_tasks
from tests.support import page

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "/press/accreditation/"


@pytest.fixture
def announcement(make_announcement):
    return make_announcement("Пресс-подход главы города")


def ask(client, announcement, ip="198.51.100.7", **fields):
    data = {
        "announcement": getattr(announcement, "pk", announcement),
        "name": "Анна Петровна Смирнова",
        "outlet": "Газета «Алчевский вестник»",
        "position": "корреспондент",
        "phone": "+7 959 123-45-67",
        "email": "Smirnova@Vestnik.example",
        "consent": "on",
        **fields,
    }
    return client.post(FORM, data, REMOTE_ADDR=ip)


def test_the_form_page_carries_a_token_and_the_consent_and_is_never_cached(client, announcement):
    response = client.get(FORM, {"announcement": announcement.pk})
    tree = page(response)
    assert tree.xpath("//input[@name='csrfmiddlewaretoken']")
    assert "152-ФЗ" in tree.xpath("//*[@id='consent-text']")[0].text_content()
    assert tree.xpath(
        f"//select[@name='announcement']/option[@value='{announcement.pk}'][@selected]"
    )
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in client.get(FORM)
    assert tree.xpath("//meta[@name='robots'][@content='noindex']")


def test_a_post_without_the_csrf_token_is_refused(announcement):
    strict = Client(enforce_csrf_checks=True)
    assert ask(strict, announcement).status_code == 403
    assert not AccreditationRequest.objects.exists()


def test_a_request_is_stored_with_the_consent_and_mailed_to_both_sides(
    smtp, client, announcement, press_office
):
    before = timezone.now()
    answer = ask(client, announcement)
    assert answer.status_code == 200
    assert "Заявка получена" in answer.content.decode()
    request = AccreditationRequest.objects.get()
    assert request.email == "smirnova@vestnik.example"
    assert request.outlet == "Газета «Алчевский вестник»"
    assert "152-ФЗ" in request.consent_text and "Управление" in request.consent_text
    assert before <= request.consented_at <= timezone.now()
    assert request.client_hash and "198.51.100.7" not in request.client_hash

    run_tasks()
    [to_journalist] = smtp.to("smirnova@vestnik.example")
    assert to_journalist["Subject"].strip() == "Ваша заявка на аккредитацию получена"
    text, html = parts(to_journalist)
    assert "Здравствуйте, Анна Петровна Смирнова!" in text
    assert "«Пресс-подход главы города»" in text and "Администрация, малый зал" in text
    assert "«Алчевский вестник»" in html  # quotes kept, escaped as HTML needs
    [to_office] = smtp.to("press@alchevsk.example")
    assert "Новая заявка на аккредитацию" in to_office["Subject"]
    office_text, _html = parts(to_office)
    assert "+7 959 123-45-67" in office_text and "корреспондент" in office_text

    run_tasks()  # nothing is sent twice
    assert len(smtp.messages) == 2
    assert SentMessage.objects.count() == 2


def test_html_in_what_was_typed_is_escaped_in_the_mails(smtp, client, announcement, press_office):
    ask(client, announcement, name="<b>Анна</b>")
    run_tasks()
    for message in smtp.messages:
        _text, html = parts(message)
        assert "<b>Анна</b>" not in html
        assert "&lt;b&gt;Анна&lt;/b&gt;" in html


def test_an_invalid_request_keeps_what_was_typed(client, announcement):
    answer = ask(client, announcement, email="не адрес", consent="")
    assert answer.status_code == 200
    tree = page(answer)
    assert "исправьте ошибки" in tree.text_content()
    assert tree.xpath("//input[@name='name']")[0].get("value") == "Анна Петровна Смирнова"
    assert tree.xpath("//input[@name='outlet']")[0].get("value") == "Газета «Алчевский вестник»"
    assert tree.xpath("//input[@name='email']")[0].get("value") == "не адрес"
    assert tree.xpath(f"//option[@value='{announcement.pk}'][@selected]")
    assert "Без согласия" in tree.text_content()
    assert not AccreditationRequest.objects.exists()


def test_the_honeypot_stores_and_sends_nothing(smtp, client, announcement, press_office):
    answer = ask(client, announcement, website="http://spam.example")
    assert answer.status_code == 200
    assert "Заявка получена" in answer.content.decode()
    run_tasks()
    assert not AccreditationRequest.objects.exists()
    assert smtp.messages == []


def test_requests_are_limited_per_client_and_per_address(client, announcement, settings):
    settings.PRESS_LIMIT_PER_CLIENT_HOUR = 2
    settings.PRESS_LIMIT_PER_ADDRESS_DAY = 3
    assert ask(client, announcement, email="a@example.ru").status_code == 200
    assert ask(client, announcement, email="b@example.ru").status_code == 200
    limited = ask(client, announcement, email="c@example.ru")
    assert limited.status_code == 429
    assert "слишком много заявок" in limited.content.decode()
    assert page_value(limited, "name") == "Анна Петровна Смирнова"
    assert ask(client, announcement, email="a@example.ru", ip="203.0.113.1").status_code == 200
    assert ask(client, announcement, email="a@example.ru", ip="203.0.113.2").status_code == 200
    assert ask(client, announcement, email="A@example.ru", ip="203.0.113.3").status_code == 429
    assert AccreditationRequest.objects.count() == 4


def page_value(response, name):
    import lxml.html

    tree = lxml.html.fromstring(response.content.decode())
    return tree.xpath(f"//input[@name='{name}']")[0].get("value")


@pytest.mark.parametrize(
    "closed",
    [
        {"accreditation_until_delta": -datetime.timedelta(minutes=1)},
        {"is_published": False},
        {"starts_in": -datetime.timedelta(minutes=5)},
    ],
    ids=["deadline passed", "unpublished", "begun"],
)
def test_a_closed_announcement_gets_a_clear_message_and_keeps_the_values(
    client, make_announcement, closed
):
    now = timezone.now()
    starts_at = now + closed.get("starts_in", datetime.timedelta(days=2))
    until = (
        now + closed["accreditation_until_delta"]
        if "accreditation_until_delta" in closed
        else None
    )
    shut = make_announcement(
        "Закрытый брифинг",
        starts_at=starts_at,
        accreditation_until=until,
        is_published=closed.get("is_published", True),
    )
    open_one = make_announcement("Открытый брифинг")
    answer = ask(client, shut)
    assert answer.status_code == 200
    text = page(answer).text_content()
    assert "Аккредитация на это мероприятие закрыта" in text
    assert page_value(answer, "outlet") == "Газета «Алчевский вестник»"
    options = page(answer).xpath("//select[@name='announcement']/option/@value")
    assert options == ["", str(open_one.pk)]
    assert not AccreditationRequest.objects.exists()


def test_with_nothing_open_the_form_says_so(client, make_announcement):
    make_announcement(accreditation_until=timezone.now() - datetime.timedelta(hours=1))
    text = page(client.get(FORM)).text_content()
    assert "Аккредитация закрыта" in text


@pytest.mark.parametrize("value", ["abc", "999999", "", "1' or 1=1"])
def test_bad_input_is_never_a_500(client, announcement, value):
    assert client.get(FORM, {"announcement": value}).status_code == 200
    assert ask(client, value).status_code == 200
    assert client.post(FORM, {"name": "x" * 5000}).status_code == 200


def test_the_mails_wait_for_a_server_that_is_down(smtp_settings, start_smtp, client, announcement):
    ask(client, announcement)
    run_tasks()  # nothing listens: the task fails and is retried later
    assert not SentMessage.objects.exists()
