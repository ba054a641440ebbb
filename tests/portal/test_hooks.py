"""The one way apps contribute to shared features: the hooks each app's hooks.py registers.

What each hook point does for readers and editors is tested where the feature is:
/feeds/ lists the partnerships feeds (tests/search/test_feeds_page.py), search finds
agreements (tests/search/test_search.py), a scheduled article or an event coming due
expires the page cache (tests/portal/test_page_cache.py, tests/partnerships/test_views.py),
the article page shows its agreements and the home page the events
(tests/partnerships/test_views.py::TestNewsPages), the article admin shows the agreements
inline (tests/partnerships/test_admin.py).
"""

import datetime as dt
import importlib
import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin

from news.admin import ArticleAdmin
from news.models import Article
from partnerships.models import Event
from portal import hooks, navigation

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
_LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
_INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


@pytest.fixture
def scratch_hooks(monkeypatch):
    """The registry as discovered, in a copy this test may add to."""
    copy = defaultdict(list, {name: list(fns) for name, fns in hooks._hooks.items()})
    monkeypatch.setattr(hooks, "_hooks", copy)


def test_discovery_finds_each_apps_hooks():
    from alerts import hooks as alerts_hooks
    from channels import hooks as channels_hooks
    from channels.crossposting import admin as crossposting_admin
    from channels.subscriptions import hooks as subscription_hooks
    from channels.subscriptions.tasks import send_digest
    from channels.tasks import daily_check
    from documents import feeds as documents_feeds
    from documents import hooks as documents_hooks
    from media import hooks as media_hooks
    from news import feeds as news_feeds
    from news import hooks as news_hooks
    from opendata import hooks as opendata_hooks
    from opendata.tasks import record_versions
    from pages import hooks as pages_hooks
    from pages import navigation as pages_navigation
    from partnerships import admin as partnerships_admin
    from partnerships import feeds as partnerships_feeds
    from partnerships import hooks as partnerships_hooks
    from partnerships import report_admin as yearly_report_admin
    from portal.tasks import purge_drafts
    from press import feeds as press_feeds
    from press import hooks as press_hooks

    kinds = [provider.kind for provider in hooks.get_hooks(hooks.SEARCH_PROVIDERS)]
    assert kinds == ["news", "agreements", "events", "partners", "documents", "pages"]
    assert hooks.get_hooks(hooks.FEEDS) == [
        news_feeds.feed_directory,
        partnerships_feeds.feed_directory,
        documents_feeds.feed_directory,
        press_feeds.feed_directory,
    ]
    assert hooks.get_hooks(hooks.PAGE_CACHE_SCHEDULE) == [
        navigation.next_new_year,  # the footer's year
        news_hooks.next_scheduled_publication,
        partnerships_hooks.next_event_day_change,
        partnerships_hooks.next_publication_change,
        partnerships_hooks.next_agreement_expiry,
        alerts_hooks.next_banner_change,
        documents_hooks.next_document_change,
        press_hooks.next_announcement_change,
        pages_hooks.next_page_change,
    ]
    assert hooks.get_hooks(hooks.PAGE_CACHE_VARIANTS) == [alerts_hooks.hidden_banners_variant]
    assert hooks.get_hooks(hooks.PAGE_TOP_BLOCKS) == [alerts_hooks.banners_block]
    assert hooks.get_hooks(hooks.PAGE_CLASSES) == [alerts_hooks.mourning_class]
    assert hooks.get_hooks(hooks.HOME_PAGE_BLOCKS) == [
        partnerships_hooks.upcoming_events_and_partner_cities
    ]
    assert hooks.get_hooks(hooks.ARTICLE_PAGE_BLOCKS) == [
        partnerships_hooks.agreements_and_events_of_the_article
    ]
    assert hooks.get_hooks(hooks.FEEDS_PAGE_BLOCKS) == [subscription_hooks.subscribe_form]
    assert hooks.get_hooks(hooks.FOLLOW_LINKS) == [
        subscription_hooks.subscribe_link,
        opendata_hooks.open_data_link,
        press_hooks.press_link,
    ]
    assert hooks.get_hooks(hooks.ARTICLE_ADMIN_INLINES) == [
        partnerships_admin.AgreementArticleInline,
        partnerships_admin.EventArticleInline,
        crossposting_admin.ChannelPostInline,
    ]
    assert hooks.get_hooks(hooks.MAIN_MENU_ITEMS) == [
        news_hooks.news_menu_items,
        partnerships_hooks.partnerships_menu_items,
        documents_hooks.documents_menu_item,
        pages_navigation.main_menu_links,
    ]
    assert hooks.get_hooks(hooks.FOOTER_MENU_ITEMS) == [pages_navigation.footer_links]
    assert hooks.get_hooks(hooks.SITE_MAP_SECTIONS) == [
        news_hooks.news_site_map,
        partnerships_hooks.partnerships_site_map,
        documents_hooks.documents_site_map,
        opendata_hooks.open_data_site_map,
        press_hooks.press_site_map,
        pages_navigation.site_map_sections,
    ]
    assert hooks.get_hooks(hooks.DAILY_TASKS) == [
        purge_drafts,
        send_digest,
        daily_check,
        record_versions,
    ]
    assert hooks.get_hooks(hooks.EDITOR_IMAGE_STORES) == [media_hooks.into_the_library]
    assert hooks.get_hooks(hooks.EDITOR_IMAGE_CHOOSERS) == [media_hooks.library_search_url]
    assert hooks.get_hooks(hooks.ADMIN_INDEX_BLOCKS) == [
        yearly_report_admin.admin_index_link,
        partnerships_hooks.register_needs_attention,
        channels_hooks.upcoming_reminders,
        channels_hooks.crosspost_failures,
        pages_hooks.pages_to_review,
        pages_hooks.pages_waiting_for_review,
    ]


def test_an_unknown_hook_name_is_refused():
    with pytest.raises(ValueError, match="Unknown hook"):
        hooks.register("serach_providers", lambda: None)
    with pytest.raises(ValueError, match="Unknown hook"):
        hooks.get_hooks("serach_providers")


@pytest.mark.usefixtures("scratch_hooks")
def test_the_decorator_registers_once_and_returns_the_function():
    def block(request):
        return None

    assert hooks.register(hooks.HOME_PAGE_BLOCKS)(block) is block
    hooks.register(hooks.HOME_PAGE_BLOCKS, block)
    assert hooks.get_hooks(hooks.HOME_PAGE_BLOCKS).count(block) == 1


@pytest.mark.usefixtures("scratch_hooks")
def test_a_block_hook_adds_its_template_to_the_article_page(client, make_article):
    article = make_article("Новость о визите")
    event = Event.objects.create(title="Визит делегации", starts_on=dt.date(2019, 10, 29))

    @hooks.register(hooks.ARTICLE_PAGE_BLOCKS)
    def a_new_apps_block(request, shown):
        assert shown == article
        return "partnerships/includes/article_block.html", {"agreements": [], "events": [event]}

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Визит делегации" in page
    assert 'class="article-partnerships"' in page


def test_the_article_admin_is_news_own_and_never_replaced():
    assert type(admin.site._registry[Article]) is ArticleAdmin


def _app_sources():
    for package in ("alerts", "api", "channels", "config", "news", "partnerships", "portal"):
        yield from (ROOT / package).rglob("*.py")


OUR_APPS = {"alerts", "api", "channels", "news", "partnerships", "portal"}
UNREGISTER = re.compile(r"\.unregister\((\w+)\)")


def test_no_app_unregisters_another_apps_admin():
    """Replacing a library's admin is fine; taking over one of ours is not."""
    offenders = []
    for path in _app_sources():
        names = UNREGISTER.findall(path.read_text())
        if not names:
            continue
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for name in names:
            if getattr(module, name)._meta.app_config.name in OUR_APPS:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def _news_templates():
    for folder in (TEMPLATES / "news", ROOT / "news" / "templates"):
        yield from folder.rglob("*.html")


def _reached_templates(path: Path, seen: set[Path]):
    """``path`` and every template it includes or extends, whatever the depth."""
    if path in seen or not path.exists():
        return
    seen.add(path)
    yield path
    for name in _INCLUDE.findall(path.read_text()):
        yield from _reached_templates(TEMPLATES / name, seen)


def test_news_templates_name_no_partnerships_tags_or_templates():
    offenders = []
    for template in _news_templates():
        for reached in _reached_templates(template, set()):
            text = reached.read_text()
            libraries = {lib for load in _LOAD.findall(text) for lib in load.split()}
            named = [name for name in _INCLUDE.findall(text) if name.startswith("partnerships/")]
            if "partnerships" in libraries or named:
                offenders.append(f"{template.name} → {reached.relative_to(ROOT)}")
    assert offenders == []


@pytest.mark.usefixtures("scratch_hooks")
def test_page_top_blocks_and_page_classes_reach_every_page(client, make_article):
    article = make_article("Новость")

    @hooks.register(hooks.PAGE_TOP_BLOCKS)
    def a_new_apps_notice(request):
        return "partnerships/includes/article_block.html", {"agreements": [], "events": []}

    @hooks.register(hooks.PAGE_CLASSES)
    def a_new_apps_class(request):
        return ["festive"]

    for path in ["/", article.get_absolute_url(), "/no-such-page/"]:
        text = client.get(path).content.decode()
        assert '<html lang="ru" class="festive">' in text, path
        assert text.index('class="article-partnerships"') < text.index("site-header"), path
