"""The site's own pages in sitemap.xml (the apps list theirs: ``<app>/sitemaps.py``)."""

from django.urls import reverse

from core.sitemaps import SiteSitemap

# Django's sitemap view says only "application/xml"; the charset is said too, so no reader has to guess it.
SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"


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
