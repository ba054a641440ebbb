"""What news contributes to the portal's shared features (see portal/hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from news.feeds import feed_directory
from news.models import Article, Rubric, Tag
from news.search import ArticleSearchProvider
from news.views import archive_years
from portal import hooks
from portal.navigation import Link
from portal.redirects.tracking import MovingAddresses
from portal.scheduling import next_change

hooks.register(hooks.SEARCH_PROVIDERS, ArticleSearchProvider())
hooks.register(hooks.FEEDS, feed_directory)


@hooks.register(hooks.PAGE_CACHE_SCHEDULE)
def next_scheduled_publication():
    """The moment the next scheduled article becomes public or a public one expires."""
    return next_change(Article.objects.filter(status=Article.Status.PUBLISHED))


@hooks.register(hooks.MAIN_MENU_ITEMS)
def news_menu_items():
    yield Link(_("News"), reverse("news:list"), order=10)


@hooks.register(hooks.SITE_MAP_SECTIONS)
def news_site_map():
    rubrics = tuple(
        Link(rubric.name, rubric.get_absolute_url()) for rubric in Rubric.objects.all()
    )
    years = tuple(
        Link(str(day.year), reverse("news:archive-year", args=[day.year]))
        for day in archive_years()
    )
    children = [Link(_("Rubrics"), children=rubrics)]
    if years:
        children.append(Link(_("Archive"), children=years))
    yield Link(_("News"), reverse("news:list"), order=10, children=tuple(children))


# An article's address may change after publication; its old one then redirects to the new.
hooks.register(
    hooks.REDIRECTED_MODELS,
    MovingAddresses(
        Article,
        fields=("slug", "first_published_at"),
        was_public=lambda article: article.first_published_at is not None,
    ),
)
# Rubrics and tags are public from the start.
for model in (Rubric, Tag):
    hooks.register(
        hooks.REDIRECTED_MODELS,
        MovingAddresses(model, fields=("slug",), was_public=lambda record: True),
    )


@hooks.register(hooks.IMAGE_COLLECTIONS)
def article_gallery(request):
    """Photos just uploaded to the library go to an article's gallery in one step."""
    if request.user.has_perm("news.add_galleryphoto"):
        return _("Add to an article's gallery"), reverse("admin:news_article_add_photos")
    return None
