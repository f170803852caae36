"""sitemap.xml: only what the public can open, addresses from settings.SITE_URL (never the Host header)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Programme
from organizations.models import Organization


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path.rstrip("/")


class StaticPageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "news:article-list", "agreements:programme-list", "organizations:organization-list", "feedback"]

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
        return Organization.objects.order_by("pk").only("pk", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
