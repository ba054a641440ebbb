"""Demo news: the twinning press release verbatim, plus a realistic month of city news.

Loading again only adds what is missing: an article, rubric or tag that exists is left as
the editors made it (text, dates, status, tags, images).
"""

import random
import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from media.models import Image
from media.services import add_image
from news.demo_data.articles import ARTICLES, DRAFT_TITLES, FEATURED_TITLES, SCHEDULED_TITLE
from news.models import Article, Department, Rubric, Tag
from news.services import send_back, submit_for_review
from portal.demo_drawing import alt_text, illustration_jpeg
from portal.models import AuditEvent
from portal.slugs import transliterate

PRESS_RELEASE = Path(__file__).parent / "demo_data" / "press-release-twinning.ru.txt"
RUBRICS = {
    "Официально": ("ofitsialno", 10),
    "Общество": ("obshchestvo", 20),
    "Экономика": ("ekonomika", 30),
    "Благоустройство": ("blagoustroistvo", 40),
    "Культура": ("kultura", 50),
    "Образование": ("obrazovanie", 60),
    "Спорт": ("sport", 70),
    "Партнёрство": ("partnerstvo", 80),
}
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")

# The drawn scene (portal.demo_drawing) of an article: the first whose words its title has,
# else its rubric's.
SCENE_WORDS = [
    ("clinic", ("поликлиник", "донор")),
    ("factory", ("комбинат", "хлебозавод", "производств", "металлург")),
    ("market", ("ярмарк", "торговый центр")),
    ("park", ("сквер", "аллею", "дворы", "освещени")),
    ("winter_city", ("к зиме",)),
    ("stage", ("творческий сезон", "хоров", "театр", "ночь искусств")),
    ("chess", ("шахмат",)),
    ("school", ("школ", "детский сад", "колледж")),
    ("stadium", ("стадион", "футбол", "спортивная площадка")),
    ("transport", ("транспорт",)),
    ("administration", ("глава города", "комисси", "налог", "слушания", "административных")),
]
RUBRIC_SCENES = {
    "Официально": "administration",
    "Общество": "city",
    "Экономика": "factory",
    "Благоустройство": "park",
    "Культура": "stage",
    "Образование": "school",
    "Спорт": "stadium",
    "Партнёрство": "signing",
}
# Lettering in the picture: the forum where the agreement was signed, a premiere's title.
SCENE_CAPTIONS = {
    "Театр кукол представил премьеру сказки «Морозко»": "Морозко",
}
PRESS_RELEASE_CAPTION = "Донецкий международный\nинвестиционный форум"


def load(new=None) -> str:
    """Add the demo news that is missing; the articles created are added to ``new``, the
    records created by this run of the demo (the register links the press release when new)."""
    new = set() if new is None else new
    rubrics = {name: _rubric(name, slug, order) for name, (slug, order) in RUBRICS.items()}
    press_office = Department.objects.get_or_create(name="Управление информационной политики")[0]
    load_press_release(rubrics["Партнёрство"], press_office, new)

    rng = random.Random(2019)
    now = timezone.now()
    for index, (rubric, title, lead, paragraphs, tags) in enumerate(ARTICLES):
        status = DRAFT_TITLES.get(title, Article.Status.PUBLISHED)
        publish_at = now - timedelta(days=index * 2 + 1, hours=rng.randint(0, 9))
        if title == SCHEDULED_TITLE:
            publish_at = now + timedelta(days=2)
        article, created = add_article(
            title=title,
            lead=lead,
            body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
            rubric=rubrics[rubric],
            department=press_office,
            status=status,
            publish_at=publish_at,
            featured=title in FEATURED_TITLES,
        )
        if created:
            new.add(article)
            article.tags.set(Tag.objects.get_or_create(name=name)[0] for name in tags)
            attach_generated_image(article, scene_for(rubric, title), index + 1)
    load_review_examples()
    total = Article.objects.count()
    return _("articles: %(total)d (public: %(public)d)") % {
        "total": total,
        "public": Article.objects.published().count(),
    }


def load_press_release(rubric, department, new) -> Article:
    """The press release, verbatim: first line the title, next paragraph the lead."""
    lines = [line.strip() for line in PRESS_RELEASE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, lead, *paragraphs, byline = lines
    assert byline == department.name, "the byline of the press release is its department"
    article, created = add_article(
        title=title,
        lead=lead,
        body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        rubric=rubric,
        department=department,
        status=Article.Status.PUBLISHED,
        publish_at=datetime(2019, 10, 30, 10, 0, tzinfo=MOSCOW),
        featured=True,
        kind=Article.Kind.PRESS_RELEASE,
    )
    if created:
        new.add(article)
        article.tags.set(
            Tag.objects.get_or_create(name=name)[0]
            for name in ("побратимы", "Торез", "сотрудничество")
        )
        attach_generated_image(article, "signing", 0, PRESS_RELEASE_CAPTION)
    return article


# The demo author's draft that the chief editor has sent back, and what she wrote.
SENT_BACK_TITLE = "Жители выбрали дворы для ремонта в следующем году"
SENT_BACK_NOTE = (
    "Перечислите адреса дворов, которые вошли в список, и добавьте, когда начнутся работы."
)


def load_review_examples() -> None:
    """The drafts and the article in review belong to the demo author (portal.demo), and the
    chief editor has sent one draft back with a comment: the review at work in `make demo`."""
    users = get_user_model().objects.in_bulk(["avtor", "glavred"], field_name="username")
    author, chief = users.get("avtor"), users.get("glavred")
    if author is None or chief is None:
        return
    for article in Article.objects.filter(title__in=DRAFT_TITLES, created_by__isnull=True):
        article.created_by = author
        article.save(update_fields=["created_by"])
    draft = Article.objects.filter(title=SENT_BACK_TITLE).first()
    if draft is None:
        return
    sent_back = AuditEvent.objects.for_object(draft).filter(action=AuditEvent.Action.SENT_BACK)
    if not sent_back.exists():
        submit_for_review(draft, by=author)
        send_back(draft, by=chief, note=SENT_BACK_NOTE)


def _rubric(name, slug, order) -> Rubric:
    """The demo rubric, found by its address or its name (an editor may have changed one)."""
    existing = Rubric.objects.filter(Q(slug=slug) | Q(name=name)).first()
    return existing or Rubric.objects.create(name=name, slug=slug, order=order)


def add_article(*, title, **fields) -> tuple[Article, bool]:
    """The demo article of ``title`` and whether it is new; an existing one is left alone."""
    return Article.objects.get_or_create(
        slug=transliterate(title), defaults={"title": title, **fields}
    )


def scene_for(rubric: str, title: str) -> str:
    words = title.lower()
    for scene, stems in SCENE_WORDS:
        if any(stem in words for stem in stems):
            return scene
    return RUBRIC_SCENES[rubric]


def attach_generated_image(article, scene, seed, caption=""):
    """A drawn lead image (portal.demo_drawing), described for readers who cannot see it."""
    caption = caption or SCENE_CAPTIONS.get(article.title, "")
    # A named ContentFile: Django stores the image's width and height only if the file has a name.
    name = f"{article.slug[:50]}.jpg"
    picture = illustration_jpeg(scene, seed, caption)
    alt = alt_text(scene, caption)
    article.lead_image, _added = add_image(
        ContentFile(picture, name=name), alt=alt, caption=caption, licence=Image.Licence.OWN
    )
    article.lead_image_alt = alt
    article.save()
