from django.db.models import Exists, OuterRef

from core.sitemaps import SiteSitemap
from news.models import Article, Category


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("-published_at", "-pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        public = Article.objects.published().filter(category=OuterRef("pk"))
        return Category.objects.filter(Exists(public))
