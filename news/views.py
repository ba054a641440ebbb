import datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView

from news import previews
from news.models import Article, Rubric, Tag
from news.services import can_preview
from portal.cache import PAGE_TIMEOUT, content_version, reads_query
from portal.pagination import LenientPaginationMixin

RELATED_ARTICLES = 4
# As many as the editor may choose by hand (news.admin.RelatedArticleInline).
MAX_CHOSEN_RELATED = 8
HOME_LATEST = 9


class PublishedArticleMixin:
    """Every public article view lists only what ``Article.objects.published()`` allows."""

    model = Article
    date_field = "publish_at"
    paginate_by = settings.NEWS_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_breadcrumbs(self):
        """``(name, url)`` from the home page to this one, shown and given as JSON-LD."""
        return [(_("Home"), reverse("news:home")), (_("News"), reverse("news:list"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=self.get_breadcrumbs(), **kwargs)


@reads_query()
class HomeView(PublishedArticleMixin, ListView):
    template_name = "news/home.html"
    paginate_by = None

    def get_breadcrumbs(self):
        return []

    def get_queryset(self):
        return super().get_queryset()[:HOME_LATEST]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        featured = list(super().get_queryset().filter(featured=True)[:3])
        featured_ids = {article.pk for article in featured}
        context["featured"] = featured
        context["articles"] = [a for a in context["articles"] if a.pk not in featured_ids][:6]
        context["rubrics"] = Rubric.objects.all()
        return context


class NewsSidebarMixin:
    """The rubrics and archive years of the sidebar that every news listing shows."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rubrics=Rubric.objects.all(), years=archive_years(), **kwargs
        )


@reads_query("page")
class ArticleListView(NewsSidebarMixin, LenientPaginationMixin, PublishedArticleMixin, ListView):
    template_name = "news/article_list.html"


class RubricView(ArticleListView):
    template_name = "news/rubric.html"

    def get_queryset(self):
        self.rubric = get_object_or_404(Rubric, slug=self.kwargs["slug"])
        return super().get_queryset().filter(rubric=self.rubric)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rubric=self.rubric, **kwargs)

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (self.rubric.name, self.rubric.get_absolute_url())]


class TagView(ArticleListView):
    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (f"#{self.tag.name}", self.tag.get_absolute_url())]


@reads_query("page")
class ArticleYearArchiveView(
    NewsSidebarMixin, LenientPaginationMixin, PublishedArticleMixin, YearArchiveView
):
    template_name = "news/archive_year.html"
    make_object_list = True

    def get_breadcrumbs(self):
        year = self.get_year()
        url = reverse("news:archive-year", kwargs={"year": year})
        return [*super().get_breadcrumbs(), (str(year), url)]


@reads_query("page")
class ArticleMonthArchiveView(
    NewsSidebarMixin, LenientPaginationMixin, PublishedArticleMixin, MonthArchiveView
):
    template_name = "news/archive_month.html"
    month_format = "%m"

    def get_breadcrumbs(self):
        year, month = int(self.get_year()), int(self.get_month())
        month_url = reverse("news:archive-month", kwargs={"year": year, "month": month})
        return [
            *super().get_breadcrumbs(),
            (str(year), reverse("news:archive-year", kwargs={"year": year})),
            (date_format(datetime.date(year, month, 1), "F Y"), month_url),
        ]


@reads_query()
class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags", "photos")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_articles"] = related_articles(self.object)
        return context

    def get_breadcrumbs(self):
        return article_breadcrumbs(self.object)


class PreviewMixin:
    """Any article, draft or scheduled, exactly as the public will see it; never indexed."""

    def get_queryset(self):
        return Article.objects.for_listing().prefetch_related("tags", "photos")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PreviewMixin, ArticleDetailView):
    """Drafts and scheduled articles in the public design, for those who may edit them (an
    author sees only their own); others who could open the admin are told it is not found."""

    def dispatch(self, request, *args, **kwargs):
        if not admin.site.has_permission(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not can_preview(self.request.user, article):
            raise Http404("Not an article this editor may preview")
        return article


@method_decorator(never_cache, name="dispatch")
class SharedArticlePreviewView(PreviewMixin, ArticleDetailView):
    """The preview for someone without an account, through a signed link that expires
    (news.previews). An expired link says so, and so does one the chief editor has withdrawn
    or one of an archived article; a changed one, or one of a deleted article, is not found."""

    def get(self, request, *args, **kwargs):
        try:
            pk, link_version = previews.resolve(kwargs["token"])
        except signing.SignatureExpired:
            return self.link_refused(
                "news/preview_link_expired.html",
                {"preview_link_hours": settings.NEWS_PREVIEW_LINK_HOURS},
            )
        except signing.BadSignature:
            raise Http404("No such preview link") from None
        self.kwargs["pk"] = pk
        self.object = self.get_object()
        withdrawn = link_version != self.object.preview_link_version
        if withdrawn or self.object.status == Article.Status.ARCHIVED:
            return self.link_refused("news/preview_link_withdrawn.html", {})
        response = self.render_to_response(self.get_context_data(object=self.object))
        # The address is the key: it must not leak to the sites the article links to.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def link_refused(self, template_name, context):
        response = render(self.request, template_name, context, status=403)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def article_breadcrumbs(article):
    """Home, news, the article's rubric, the article."""
    rubric = article.rubric
    return [
        (_("Home"), reverse("news:home")),
        (_("News"), reverse("news:list")),
        (rubric.name, rubric.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]


def archive_years():
    """Years with public news, for the archive menu; cached until content changes (a DISTINCT
    over the whole archive is too slow for every page view)."""
    return cache.get_or_set(
        f"news:archive-years:{content_version()}",
        lambda: list(Article.objects.published().dates("publish_at", "year", order="DESC")),
        PAGE_TIMEOUT,
    )


def related_articles(article):
    """The related articles under ``article``: those the editor chose, in the editor's order
    (the public ones of them); when none is chosen or public, the newest public articles
    sharing a tag with it, then the newest of its rubric.

    Each list is one query of its own, whatever its length. The automatic ones walk the
    publication-date index and stop after a few rows, whatever the size of the archive
    (ranking by the number of shared tags would count them for every candidate).
    """
    public = Article.objects.published().for_listing().exclude(pk=article.pk)
    if article.pk:
        chosen = list(
            public.filter(chosen_by__article=article).order_by(
                "chosen_by__order", "chosen_by__id"
            )[:MAX_CHOSEN_RELATED]
        )
        if chosen:
            return chosen
    tag_ids = [tag.pk for tag in article.tags.all()]
    related = []
    if tag_ids:
        sharing = Article.tags.through.objects.filter(
            article_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        related = list(public.filter(Exists(sharing))[:RELATED_ARTICLES])
    if len(related) < RELATED_ARTICLES:
        seen = [other.pk for other in related]
        related += public.filter(rubric_id=article.rubric_id).exclude(pk__in=seen)[
            : RELATED_ARTICLES - len(related)
        ]
    return related
