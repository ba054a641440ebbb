"""What alerts contributes to the portal's shared features (see portal/hooks.py): the banners
at the top of every page, the mourning colours, and the page cache's moments and variants."""

from alerts.display import hidden_now, page_banners
from alerts.models import Banner
from portal import hooks


@hooks.register(hooks.PAGE_TOP_BLOCKS)
def banners_block(request):
    shown = page_banners(request).shown
    if not shown:
        return None
    return "alerts/banners.html", {"banners": shown, "request": request}


@hooks.register(hooks.PAGE_CLASSES)
def mourning_class(request):
    return ["mourning"] if page_banners(request).mourning else []


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_banner_change():
    """A banner starts or ends with no save: the cached pages expire then."""
    return Banner.objects.next_change()


@hooks.register(hooks.PAGE_CACHE_VARIANTS)
def hidden_banners_variant(request):
    hidden = hidden_now(request)
    return "hidden:" + ".".join(hidden) if hidden else ""
