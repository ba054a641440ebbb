from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, MonthArchiveView, YearArchiveView

from news.models import Article, Rubric, Tag
from portal.pagination import LenientPaginationMixin

RELATED_ARTICLES = 4
HOME_LATEST = 9


class PublishedArticleMixin:
    """Every public article view lists only what ``Article.objects.published()`` allows."""

    model = Article
    date_field = "publish_at"
    paginate_by = settings.NEWS_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticleMixin, ListView):
    template_name = "news/home.html"
    paginate_by = None

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


class ArticleListView(LenientPaginationMixin, PublishedArticleMixin, ListView):
    template_name = "news/article_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rubrics"] = Rubric.objects.all()
        context["years"] = Article.objects.published().dates("publish_at", "year", order="DESC")
        return context


class RubricView(ArticleListView):
    template_name = "news/rubric.html"

    def get_queryset(self):
        self.rubric = get_object_or_404(Rubric, slug=self.kwargs["slug"])
        return super().get_queryset().filter(rubric=self.rubric)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rubric=self.rubric, **kwargs)


class TagView(ArticleListView):
    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleYearArchiveView(LenientPaginationMixin, PublishedArticleMixin, YearArchiveView):
    template_name = "news/archive_year.html"
    make_object_list = True


class ArticleMonthArchiveView(LenientPaginationMixin, PublishedArticleMixin, MonthArchiveView):
    template_name = "news/archive_month.html"
    month_format = "%m"


class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags", "photos")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_articles"] = related_articles(self.object)
        return context


@method_decorator([staff_member_required, never_cache], name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Staff see any article, draft or scheduled, exactly as the public will."""

    def get_queryset(self):
        return Article.objects.for_listing().prefetch_related("tags", "photos")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)


def related_articles(article):
    """Public articles sharing the most tags with ``article``, then the newest of its rubric."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    shared_tags = (
        Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        .values("article_id")
        .annotate(count=Count("*"))
        .values("count")
    )
    return list(
        Article.objects.published()
        .for_listing()
        .exclude(pk=article.pk)
        .annotate(shared_tags=Coalesce(Subquery(shared_tags), 0))
        .filter(Q(rubric_id=article.rubric_id) | Q(shared_tags__gt=0))
        .order_by("-shared_tags", "-publish_at")[:RELATED_ARTICLES]
    )
