"""sitemap.xml: only what the public can open, addresses from ``kpportal.site_address`` (SITE_URL; in
development the address being served)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Programme
from kpportal.site_address import site_url
from organizations.models import Organization

# Django's sitemap view says only "application/xml"; the charset is said too, so no reader has to guess it.
SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")


class StaticPageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "news:article-list",
            "agreements:programme-list",
            "organizations:organization-list",
            "feedback",
            "about-en",
        ]

    def location(self, item):
        return reverse(item)


class ProgrammeSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Programme.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganizationSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Organization.objects.published().order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
