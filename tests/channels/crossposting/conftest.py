import pytest

from channels.crossposting.models import Channel, Network
from tests.channels.conftest import (  # noqa: F401 (fixtures shared with these tests)
    make_chief,
)
from tests.channels.fake_social import (
    OK_APP_KEY,
    OK_APP_SECRET,
    OK_TOKEN,
    TELEGRAM_TOKEN,
    VK_TOKEN,
    FakeSocial,
)
from tests.workflow.conftest import login  # noqa: F401 (a fixture shared with these tests)

SITE = "https://vestnik.example.ru"


@pytest.fixture
def fake_social(settings):
    """The three networks' APIs on 127.0.0.1, the clients pointed at them."""
    fake = FakeSocial().start()
    settings.CROSSPOST_TELEGRAM_API_URL = f"{fake.url}/tg"
    settings.CROSSPOST_VK_API_URL = f"{fake.url}/vk"
    settings.CROSSPOST_OK_API_URL = f"{fake.url}/ok/fb.do"
    settings.CROSSPOST_TIMEOUTS = (1, 1)
    settings.CROSSPOST_TOKENS = {"telegram": "", "vk": "", "ok": ""}
    settings.CROSSPOST_OK_APP_SECRET = ""
    settings.SITE_URL = SITE
    yield fake
    fake.stop()


def make_channel(network, target, token, **fields):
    channel = Channel(network=network, target=target, enabled=True, **fields)
    channel.set_token(token)
    channel.save()
    return channel


@pytest.fixture
def telegram(fake_social, db):
    return make_channel(Network.TELEGRAM, "@vestnik_goroda", TELEGRAM_TOKEN)


@pytest.fixture
def vk(fake_social, db):
    return make_channel(Network.VK, "123456", VK_TOKEN)


@pytest.fixture
def ok(fake_social, db):
    channel = make_channel(Network.OK, "5500", OK_TOKEN, application_key=OK_APP_KEY)
    channel.set_app_secret(OK_APP_SECRET)
    channel.save()
    return channel


@pytest.fixture
def all_channels(telegram, vk, ok):
    return [telegram, vk, ok]
