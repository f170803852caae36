from core.sitemaps import SiteSitemap
from organizations.models import Organization


class OrganizationSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Organization.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
