import zoneinfo
from datetime import datetime

import pytest

from news.models import GalleryPhoto, Tag
from tests.partnerships.conftest import (  # noqa: F401 (the register's records)
    home_city,
    make_agreement,
    make_event,
    torez,
)
from tests.workflow.conftest import (  # noqa: F401 (the newsroom's accounts)
    author,
    chief,
    login,
    make_staff,
    other_author,
    role_groups,
)

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
# The day the twinning agreement was signed: a fixed "now" for tests about dates.
SIGNING_DAY = datetime(2019, 10, 29, 12, 0, tzinfo=MOSCOW)


@pytest.fixture
def signing_day(time_machine):
    """Freeze the clock at noon, 29 October 2019 (Moscow)."""
    time_machine.move_to(SIGNING_DAY, tick=False)
    return SIGNING_DAY


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="побратимы")


@pytest.fixture
def make_illustrated_article(make_article, library_image):
    """Articles as editors publish them: a lead image, tags and a small photo gallery."""

    def build(title="Новость с фотографиями", tags=("побратимы", "культура"), photos=2, **fields):
        fields.setdefault("lead_image", library_image("lead.jpg"))
        fields.setdefault("lead_image_alt", "Глава города подписывает соглашение")
        article = make_article(title, **fields)
        article.tags.set(Tag.objects.get_or_create(name=name)[0] for name in tags)
        for number in range(1, photos + 1):
            GalleryPhoto.objects.create(
                article=article,
                image=library_image(f"photo-{number}.jpg"),
                alt=f"Фотография {number}",
                order=number,
            )
        return article

    return build
