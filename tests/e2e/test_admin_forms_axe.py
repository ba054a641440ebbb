"""In Chromium: the whole change forms editors work in — an article with its gallery, related
articles and the desk, an agreement with its signatories and documents, an event, a page —
have no axe violations, with the desk, the live preview and the link picker in them. The
columns of tabular inlines, the autocomplete boxes and the breadcrumbs were where Django's
own admin fell short (``portal.admin.TabularInline``, ``static/portal/admin_labels.js``)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from media.models import Image
from news.models import Article, GalleryPhoto, RelatedArticle, Rubric, Tag
from pages.models import Page
from partnerships.models import Agreement, Event, Partner
from tests.e2e.support import axe_violations, log_in_to_admin
from tests.support import make_image_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "Glavred-formy-2026"


@pytest.fixture
def records(transactional_db, django_user_model):
    django_user_model.objects.create_superuser("glavred", "g@example.org", PASSWORD)
    rubric = Rubric.objects.create(name="Партнёрство", slug="partnerstvo")
    photo = Image.objects.create(
        file=SimpleUploadedFile("torez.jpg", make_image_bytes()), title="Торез", alt="Площадь"
    )
    older = Article.objects.create(
        title="Фестиваль побратимов", lead="Дети выступили.", rubric=rubric
    )
    article = Article.objects.create(
        title="Делегация Тореза посетила Алчевск",
        lead="Гости познакомились с городом.",
        body="<p>Делегация провела в Алчевске два дня.</p>",
        rubric=rubric,
        lead_image=photo,
        lead_image_alt="Площадь Тореза",
    )
    article.tags.set([Tag.objects.create(name="побратимы", slug="pobratimy")])
    GalleryPhoto.objects.create(article=article, image=photo, alt="Площадь", order=1)
    RelatedArticle.objects.create(article=article, related=older)
    home = Partner.objects.create(name="Алчевск", slug="alchevsk", is_home=True)
    torez = Partner.objects.create(name="Торез", slug="torez", region="ДНР, Россия")
    agreement = Agreement.objects.create(
        title="Соглашение о побратимстве",
        kind=Agreement.Kind.TWINNING,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2025, 6, 12),
        summary="О побратимских связях.",
        is_published=True,
    )
    agreement.partners.set([home, torez])
    event = Event.objects.create(
        title="Визит делегации", starts_on=datetime.date(2025, 6, 12), agreement=agreement
    )
    event.partners.set([torez])
    about = Page(title="О городе", lead="Коротко.", publish_at=timezone.now())
    about.full_clean()
    about.save()
    return {
        "article": reverse("admin:news_article_change", args=[article.pk]),
        "agreement": reverse("admin:partnerships_agreement_change", args=[agreement.pk]),
        "event": reverse("admin:partnerships_event_change", args=[event.pk]),
        "page": reverse("admin:pages_page_change", args=[about.pk]),
        "new article": reverse("admin:news_article_add"),
    }


def test_the_change_forms_editors_work_in_have_no_axe_violations(
    live_server, new_context, screenshots, records, axe_js
):
    page = new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, axe=True
    ).new_page()
    log_in_to_admin(page, "glavred", PASSWORD)
    found = {}
    for name, url in records.items():
        page.goto(url)
        page.wait_for_load_state("load")
        page.locator(".ck-editor__editable").first.wait_for()
        screenshots(page, name)
        found[name] = axe_violations(page)
    assert found == {name: [] for name in records}, found
