"""RSS with absolute links from ``kpportal.site_address`` (SITE_URL; in development the address being served)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone

from agreements.models import Programme
from kpportal.site_address import absolute_url
from organizations.models import Organization

FEED_ITEMS = 30


class SiteFeed(Feed):
    """Links already absolute, so Feed's own domain guess (django.contrib.sites or the Host header) is never used."""

    language = "vi"
    url_name = ""
    page_url_name = "home"

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def site_name(self):
        host = Organization.objects.host()
        return host.name if host else "Cổng thông tin Khuyến học"


class ProgrammeFeed(SiteFeed):
    url_name = "programme-feed"
    page_url_name = "agreements:programme-list"
    description = "Chương trình phối hợp về khuyến học, khuyến tài, xây dựng xã hội học tập mới công bố."

    def title(self):
        return f"Chương trình phối hợp – {self.site_name()}"

    def items(self):
        return Programme.objects.published().order_by("-created_at", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return f"{item.title} ({item.period_display})"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.status(timezone.localdate()).label)]
