from agreements.models import Programme
from core.sitemaps import SiteSitemap


class ProgrammeSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Programme.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
