from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from kpportal.stable_urls import CanonicalSlugMixin
from news.models import Article, Category

ARTICLES_PER_PAGE = 12


class ArticleQuerysetMixin:
    """What the current visitor may see: published articles, or everything for staff (preview)."""

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("category")


class ArticleListView(ArticleQuerysetMixin, ListView):
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().select_related("category")


class CategoryArticleListView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(ArticleQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return super().get_queryset().prefetch_related("images", "programmes__parties__organization")
