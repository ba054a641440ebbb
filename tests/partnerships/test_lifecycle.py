"""An agreement's stages and their history, its expiry by date and automatic extension, as
staff and the public see them."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.urls import reverse

from partnerships.hooks import next_agreement_expiry, register_needs_attention
from partnerships.models import Agreement, AgreementDocument, PlanItem, StageChange
from partnerships.services import record_stage
from portal import roles
from tests.clock import near_midnight_of
from tests.support import form_data, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_as(client, django_user_model):
    """``login_as(username, role)``: the test client, logged in as new staff with that role."""

    def login(username, role):
        user = django_user_model.objects.create_user(username, is_staff=True)
        user.groups.add(roles.sync_roles()[role])
        client.force_login(user)
        return client

    return login


D = datetime.date
# The Moscow date at the two instants of ``near_midnight``: 1 January 2027.
NEW_YEAR = D(2027, 1, 1)
LAST_DAY = D(2026, 12, 31)
Status = Agreement.Status


@pytest.fixture(params=list(near_midnight_of(D(2027, 3, 1)).items()), ids=lambda item: item[0])
def first_of_march(request, time_machine):
    """The clock stopped near midnight on 1 March 2027 in Moscow (28 February in UTC)."""
    time_machine.move_to(request.param[1], tick=False)
    return D(2027, 3, 1)


class TestExpiryByDate:
    def test_an_agreement_reads_as_expired_the_day_after_its_last_day(
        self, near_midnight, make_agreement
    ):
        ended = make_agreement("Истёкшее", valid_until=LAST_DAY)
        last_day = make_agreement("Последний день", valid_until=NEW_YEAR)
        open_ended = make_agreement("Бессрочное")

        assert ended.status == Status.IN_FORCE  # nobody had to set it
        assert ended.current_status == Status.EXPIRED
        assert last_day.current_status == Status.IN_FORCE
        assert open_ended.current_status == Status.IN_FORCE
        annotated = Agreement.objects.with_current_status().values_list(
            "title", "current_status_code"
        )
        assert dict(annotated) == {
            "Истёкшее": Status.EXPIRED,
            "Последний день": Status.IN_FORCE,
            "Бессрочное": Status.IN_FORCE,
        }

    @pytest.mark.parametrize(
        "stage, reads",
        [
            (Status.SIGNED, Status.EXPIRED),
            (Status.SUSPENDED, Status.EXPIRED),
            (Status.TERMINATED, Status.TERMINATED),
            (Status.APPROVED, Status.APPROVED),
        ],
    )
    def test_only_a_living_agreement_expires(self, near_midnight, make_agreement, stage, reads):
        agreement = make_agreement(status=stage, valid_until=LAST_DAY)
        assert agreement.current_status == reads
        assert Agreement.objects.with_current_status().get().current_status_code == reads

    def test_an_agreement_that_extends_automatically_never_expires(
        self, near_midnight, make_agreement
    ):
        agreement = make_agreement(
            valid_until=D(2025, 12, 31), extends_automatically=True, extension_years=1
        )
        assert agreement.current_status == Status.IN_FORCE
        assert Agreement.objects.with_current_status().get().current_status_code == (
            Status.IN_FORCE
        )
        # 2026-12-31 has passed in Moscow: the term moved on twice.
        assert agreement.term_ends_on() == D(2027, 12, 31)

    def test_the_term_of_an_extending_agreement_moves_by_its_period(self, make_agreement):
        agreement = make_agreement(
            valid_until=D(2020, 6, 30), extends_automatically=True, extension_years=5
        )
        for today, end in [
            (D(2020, 6, 30), D(2020, 6, 30)),
            (D(2020, 7, 1), D(2025, 6, 30)),
            (D(2025, 6, 30), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2030, 6, 30)),
        ]:
            assert agreement.term_ends_on(today) == end, today

    def test_a_term_ending_on_29_february_ends_on_28_february_in_common_years(
        self, first_of_march, make_agreement
    ):
        agreement = make_agreement(valid_until=D(2024, 2, 29), extends_automatically=True)
        assert agreement.term_ends_on(D(2025, 1, 1)) == D(2025, 2, 28)
        # On 1 March 2027 (Moscow) the 2027 term, ended on 28 February, has passed too.
        assert agreement.term_ends_on() == D(2028, 2, 29)

    def test_the_admin_list_shows_and_filters_the_stage_read_today(
        self, near_midnight, editor_client, make_agreement
    ):
        make_agreement("Истёкшее", valid_until=LAST_DAY)
        make_agreement("Действующее", valid_until=NEW_YEAR)
        url = reverse("admin:partnerships_agreement_changelist")
        for stage, expected in [("expired", ["Истёкшее"]), ("in_force", ["Действующее"])]:
            tree = page(editor_client.get(url, {"stage": stage}))
            rows = tree.xpath("//*[@id='result_list']/tbody/tr")
            assert [row.xpath("string(th/a)") for row in rows] == expected, stage
            assert rows[0].xpath("string(td[contains(@class, 'field-stage')])") == (
                str(Agreement.Status(stage).label)
            )

    def test_the_page_cache_expires_at_the_midnight_after_the_last_day(self, make_agreement):
        make_agreement(valid_until=D(2099, 5, 10))
        make_agreement(valid_until=D(2099, 3, 1), extends_automatically=True)
        make_agreement(valid_until=D(2098, 1, 1), is_published=False)
        moment = next_agreement_expiry()
        assert moment.date() == D(2099, 5, 11)
        assert (moment.hour, moment.minute, moment.utcoffset()) == (
            0,
            0,
            datetime.timedelta(hours=3),
        )


class TestPublicPages:
    def test_the_page_says_when_the_term_ends_or_ended(
        self, near_midnight, client, make_agreement
    ):
        cases = {
            "Истёкшее": (
                {"valid_until": LAST_DAY},
                "Истёк 31 декабря 2026",
                "Истёк срок действия",
            ),
            "Действующее": ({"valid_until": NEW_YEAR}, "Действует до 1 января 2027", "Действует"),
            "Продлеваемое": (
                {"valid_until": LAST_DAY, "extends_automatically": True, "extension_years": 2},
                "Продлевается автоматически, каждый раз на 2 года",
                "Действует",
            ),
        }
        for title, (fields, term, status) in cases.items():
            agreement = make_agreement(title, **fields)
            tree = page(client.get(agreement.get_absolute_url()))
            assert tree.xpath("string(//*[@class='agreement__term'])") == term, title
            shown = tree.xpath("string(//*[contains(@class, 'agreement__meta')]/span)")
            assert shown == status, title

        register = page(client.get(reverse("partnerships:register")))
        terms = [
            node.text_content() for node in register.xpath("//*[@class='agreement-card__term']")
        ]
        assert sorted(terms) == sorted(term for _fields, term, _status in cases.values())

    def test_the_register_filters_and_counts_by_the_status_read_today(
        self, near_midnight, client, make_agreement
    ):
        make_agreement("Истёкшее", valid_until=LAST_DAY)
        make_agreement("Действующее", valid_until=NEW_YEAR)
        tree = page(client.get(reverse("partnerships:register"), {"status": "expired"}))
        titles = [a.text_content() for a in tree.xpath("//*[@class='agreement-card__title']/a")]
        assert titles == ["Истёкшее"]
        options = {
            o.get("value"): o.text_content() for o in tree.xpath("//select[@name='status']/option")
        }
        assert options["expired"].endswith("(1)")
        assert options["in_force"].endswith("(1)")

    def test_the_api_and_the_export_read_it_too(self, near_midnight, client, make_agreement):
        make_agreement("Истёкшее", valid_until=LAST_DAY)
        body = client.get("/api/agreements/", {"status": "expired"}).json()
        [item] = body["results"]
        assert (item["status"], item["status_display"]) == ("expired", "Истёк срок действия")
        assert item["term_ends_on"] == "2026-12-31"
        assert item["extends_automatically"] is False
        from partnerships.exports import agreement_rows

        [row] = agreement_rows(RequestFactory().get("/partnerships/export.csv"))
        assert row["status"] == "Истёк срок действия"

    def test_a_draft_stays_hidden_from_the_public(self, client, make_agreement):
        draft = make_agreement("Проект", status=Status.SENT_FOR_APPROVAL, is_published=False)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert "Проект" not in client.get(reverse("partnerships:register")).content.decode()


def agreement_form(editor_client, agreement):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    return url, form_data(page(editor_client.get(url)), "agreement_form")


class TestStageHistory:
    def test_a_change_of_stage_in_the_admin_is_recorded_with_its_date_and_comment(
        self, editor, editor_client, make_agreement
    ):
        agreement = make_agreement(status=Status.NEGOTIATION, is_published=False)
        url, data = agreement_form(editor_client, agreement)
        data |= {
            "status": Status.SENT_FOR_APPROVAL,
            "stage_date": "03.03.2026",
            "stage_comment": "Письмо № 12 с пояснительной запиской",
        }
        assert editor_client.post(url, data).status_code == 302

        change = StageChange.objects.get()
        assert (change.stage, change.date, change.comment, change.by) == (
            Status.SENT_FOR_APPROVAL,
            D(2026, 3, 3),
            "Письмо № 12 с пояснительной запиской",
            editor,
        )
        agreement.refresh_from_db()
        assert agreement.status == Status.SENT_FOR_APPROVAL

        # Saved again without a new stage: no new step.
        url, data = agreement_form(editor_client, agreement)
        assert editor_client.post(url, data | {"summary": "Другое описание."}).status_code == 302
        assert StageChange.objects.count() == 1

    def test_the_history_is_shown_read_only_newest_first(self, editor_client, make_agreement):
        agreement = make_agreement(status=Status.NEGOTIATION)
        record_stage(agreement, Status.NEGOTIATION, on=D(2025, 1, 10), comment="Начало")
        record_stage(agreement, Status.SENT_FOR_APPROVAL, on=D(2025, 2, 1), comment="В регион")
        record_stage(agreement, Status.APPROVED, on=D(2025, 3, 20), comment="Одобрено")
        url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
        tree = page(editor_client.get(url))
        group = tree.get_element_by_id("stage_changes-group")
        rows = [
            row.text_content() for row in group.xpath(".//tbody/tr[contains(@class, 'form-row')]")
        ]
        assert [
            next(word for word in ("Одобрено", "В регион", "Начало") if word in r) for r in rows
        ] == [
            "Одобрено",
            "В регион",
            "Начало",
        ]
        assert "20 марта 2025" in rows[0]
        assert not group.xpath(".//textarea | .//input[@type='text'] | .//select")
        assert "Этапы" in group.text_content()

    def test_staff_who_may_only_view_see_the_history_without_the_stage_fields(
        self, login_as, make_agreement
    ):
        agreement = make_agreement(status=Status.NEGOTIATION)
        record_stage(agreement, Status.SENT_FOR_APPROVAL, on=D(2025, 2, 1), comment="В регион")
        client = login_as("glavred", roles.CHIEF_EDITOR)
        tree = page(
            client.get(reverse("admin:partnerships_agreement_change", args=[agreement.pk]))
        )
        assert "В регион" in tree.get_element_by_id("stage_changes-group").text_content()
        assert not tree.xpath("//*[@name='stage_comment' or @name='stage_date']")

    def test_the_first_stage_is_recorded_on_adding(self, editor_client, torez):
        data = {
            "title": "Новое соглашение",
            "slug": "",
            "kind": Agreement.Kind.COOPERATION,
            "status": Status.DRAFT,
            "stage_comment": "Проект подготовлен отделом",
            "partners": [torez.pk],
            "summary": "Кратко.",
            "body": "",
            "extension_years": "1",
        }
        for prefix in ("signatories", "documents", "plans"):
            data |= {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        response = editor_client.post(reverse("admin:partnerships_agreement_add"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        change = StageChange.objects.get()
        assert (change.stage, change.comment) == (Status.DRAFT, "Проект подготовлен отделом")
        assert not change.agreement.is_published  # a draft stays off the public register

    def test_a_stage_date_in_the_future_is_refused(self, editor_client, make_agreement):
        agreement = make_agreement(status=Status.NEGOTIATION)
        url, data = agreement_form(editor_client, agreement)
        data |= {"status": Status.APPROVED, "stage_date": "01.01.2999"}
        response = editor_client.post(url, data)
        assert response.status_code == 200
        assert "не может быть в будущем" in response.content.decode()
        assert not StageChange.objects.exists()

    def test_signing_needs_the_date_from_the_signed_stage_on(self, make_agreement):
        for stage in Agreement.UNSIGNED_STATUSES:
            agreement = Agreement(title="Т", summary="С", status=stage)
            agreement.full_clean(exclude=["slug"])
        with pytest.raises(ValidationError) as refused:
            Agreement(title="Т", summary="С", status=Status.SIGNED).full_clean(exclude=["slug"])
        assert "signed_on" in refused.value.message_dict


MIGRATION = "partnerships.migrations.0011_stage_history_from_status"


def test_the_migration_starts_each_history_from_the_old_status(make_agreement):
    signed = make_agreement("Подписанное", status=Status.SIGNED, signed_on=D(2019, 10, 29))
    in_force = make_agreement(
        "Действующее", status=Status.IN_FORCE, signed_on=D(2019, 10, 29), valid_from=D(2020, 1, 1)
    )
    talks = make_agreement("Переговоры", status=Status.NEGOTIATION)
    kept = make_agreement("С историей", status=Status.NEGOTIATION)
    record_stage(kept, Status.NEGOTIATION, on=D(2024, 1, 1), comment="Уже записано")
    state = MigrationExecutor(connection).loader.project_state(
        ("partnerships", "0011_stage_history_from_status")
    )

    importlib.import_module(MIGRATION).history_from_status(state.apps, None)

    def steps(agreement):
        return list(
            StageChange.objects.filter(agreement=agreement)
            .order_by("date", "pk")
            .values_list("stage", "date")
        )

    assert steps(signed) == [(Status.SIGNED, D(2019, 10, 29))]
    assert steps(in_force) == [(Status.SIGNED, D(2019, 10, 29)), (Status.IN_FORCE, D(2020, 1, 1))]
    assert [stage for stage, _date in steps(talks)] == [Status.NEGOTIATION]
    assert steps(kept) == [(Status.NEGOTIATION, D(2024, 1, 1))]  # not recorded twice

    importlib.import_module(MIGRATION).forget_history(state.apps, None)
    assert list(StageChange.objects.values_list("comment", flat=True)) == ["Уже записано"]


class TestAdminFrontPage:
    @pytest.fixture
    def attention(self, make_agreement, make_plan):
        def build(suffix=""):
            make_agreement(f"Истекает{suffix}", valid_until=NEW_YEAR + datetime.timedelta(days=30))
            make_agreement(f"Не скоро{suffix}", valid_until=NEW_YEAR + datetime.timedelta(days=91))
            make_agreement(
                f"Продлится{suffix}",
                valid_until=NEW_YEAR + datetime.timedelta(days=10),
                extends_automatically=True,
            )
            waiting = make_agreement(f"В регионе{suffix}", status=Status.NEGOTIATION)
            record_stage(
                waiting, Status.SENT_FOR_APPROVAL, on=NEW_YEAR - datetime.timedelta(days=40)
            )
            plan = make_plan(make_agreement(f"С планом{suffix}"))
            PlanItem.objects.create(plan=plan, activity=f"Выставка{suffix}", due_on=D(2020, 5, 1))

        return build

    def test_it_lists_what_needs_attention_in_a_constant_number_of_queries(
        self, near_midnight, rf, editor, attention, django_assert_num_queries
    ):
        attention()
        request = rf.get("/admin/")
        request.user = editor
        with django_assert_num_queries(3):
            _template, context = register_needs_attention(request)
        assert [(a.title, days) for a, days in context["expiring"]] == [("Истекает", 30)]
        assert [(a.title, days) for a, days in context["waiting"]] == [("В регионе", 40)]
        assert [(i.activity, i.plan.title) for i, _days in context["overdue"]] == [
            ("Выставка", "План сотрудничества на 2020 год")
        ]
        attention(" 2")
        with django_assert_num_queries(3):
            _template, context = register_needs_attention(request)
        assert len(context["expiring"]) == len(context["waiting"]) == len(context["overdue"]) == 2

    def test_officers_see_it_on_the_admin_index_and_authors_do_not(
        self,
        near_midnight,
        login_as,
        attention,
    ):
        attention()
        client = login_as("sotrudnik", roles.PARTNERSHIPS_OFFICER)
        tree = page(client.get(reverse("admin:index")))
        block = tree.get_element_by_id("register-attention").text_content()
        for text in (
            "Истекают в ближайшие 90 дней",
            "Истекает",
            "через 30 дней",
            "Ждут одобрения региона",
            "отправлено 40 дней назад",
            "Просрочены пункты планов",
            "Выставка",
        ):
            assert text in block, text
        assert "Продлится" not in block
        assert "Не скоро" not in block

        client = login_as("avtor", roles.AUTHOR)
        assert 'id="register-attention"' not in client.get(reverse("admin:index")).content.decode()


class TestDataQuality:
    def test_partners_without_coordinates_or_coat_of_arms(
        self, editor_client, make_partner, library_image
    ):
        bare = make_partner("Без всего")
        placed = make_partner(
            "Полный", latitude=48.0, longitude=38.6, coat_of_arms=library_image("gerb.png")
        )
        url = reverse("admin:partnerships_partner_change", args=[bare.pk])
        text = page(editor_client.get(url)).text_content()
        assert "нет координат" in text
        assert "нет герба или логотипа" in text
        clean = page(
            editor_client.get(reverse("admin:partnerships_partner_change", args=[placed.pk]))
        )
        assert not clean.xpath("//ul[@class='messagelist']/li[@class='warning']")

        listed = page(
            editor_client.get(
                reverse("admin:partnerships_partner_changelist"), {"attention": "yes"}
            )
        )
        names = [a.text_content() for a in listed.xpath("//*[@id='result_list']//tbody//a")]
        assert "Полный" not in names and "Без всего" in names
        assert (
            "требует внимания"
            in listed.get_element_by_id("changelist-filter").text_content().lower()
        )

    def test_an_agreement_in_force_without_a_document(
        self, near_midnight, editor_client, make_agreement, pdf_upload
    ):
        bare = make_agreement("Без текста")
        with_text = make_agreement("С текстом")
        AgreementDocument.objects.create(agreement=with_text, title="Скан", file=pdf_upload())
        make_agreement("Истёкшее без текста", valid_until=LAST_DAY)
        make_agreement("Переговоры без текста", status=Status.NEGOTIATION)

        url = reverse("admin:partnerships_agreement_change", args=[bare.pk])
        assert "не приложен ни один документ" in page(editor_client.get(url)).text_content()
        listed = page(
            editor_client.get(
                reverse("admin:partnerships_agreement_changelist"), {"attention": "yes"}
            )
        )
        titles = [a.text_content() for a in listed.xpath("//*[@id='result_list']//th/a")]
        assert titles == ["Без текста"]

    def test_an_event_in_the_past_whose_plan_item_is_still_planned(
        self, editor_client, make_agreement, make_plan, make_event
    ):
        over = make_event("Прошедший фестиваль", starts_on=D(2020, 5, 1))
        done = make_event("Прошедший концерт", starts_on=D(2020, 6, 1))
        coming = make_event("Будущий форум", starts_on=D(2999, 1, 1))
        plan = make_plan(make_agreement())
        PlanItem.objects.create(plan=plan, activity="Фестиваль", event=over)
        PlanItem.objects.create(plan=plan, activity="Концерт", event=done, status="done")
        PlanItem.objects.create(plan=plan, activity="Форум", event=coming)

        url = reverse("admin:partnerships_event_change", args=[over.pk])
        warning = page(editor_client.get(url)).xpath("string(//ul[@class='messagelist']/li)")
        assert warning == (
            "Мероприятие прошло, но пункт плана, который оно выполняет, всё ещё "
            "«Запланировано»: «Фестиваль»."
        )
        listed = page(
            editor_client.get(reverse("admin:partnerships_event_changelist"), {"attention": "yes"})
        )
        titles = [a.text_content() for a in listed.xpath("//*[@id='result_list']//th/a")]
        assert titles == ["Прошедший фестиваль"]
