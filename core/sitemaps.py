"""sitemap.xml: only what the public can open, addresses from ``core.site_address`` (SITE_URL; in
development the address being served). Each app lists its own pages (``<app>/sitemaps.py``)."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap

from core.site_address import site_url


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")
