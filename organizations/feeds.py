"""RSS with absolute links from ``core.site_address`` (SITE_URL; in development the address being served).

Both feeds answer a reader's ``If-Modified-Since`` with 304 Not Modified while nothing they show has
changed (Django's ``last_modified`` decorator). What they show changes when an item is saved or deleted
(the history of django-simple-history keeps the moment of each), when a scheduled article's time comes,
when the host association's name changes (the feed's title) and, for programmes, when a new year changes
their status.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.views.decorators.http import last_modified

from core.site_address import absolute_url
from organizations.context_processors import host_organization

FEED_ITEMS = 30


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def latest(*moments):
    """The latest of ``moments`` (None ones skipped); the Unix epoch when there is none."""
    return max((moment for moment in moments if moment is not None), default=EPOCH)


class SiteFeed(Feed):
    """Links already absolute, so Feed's own domain guess (django.contrib.sites or the Host header) is never used."""

    language = "vi"
    url_name = ""
    page_url_name = "home"

    def __call__(self, request, *args, **kwargs):
        host = self.get_object(request)
        changed = latest(self.content_changed_at(), host.updated_at if host else None)

        @last_modified(lambda request, *args, **kwargs: changed)
        def feed(request, *args, **kwargs):
            response = super(SiteFeed, self).__call__(request, *args, **kwargs)
            # Feed dates its answer by its newest item; the decorator puts the moment of the last change instead.
            del response["Last-Modified"]
            return response

        return feed(request, *args, **kwargs)

    def content_changed_at(self):
        """The last moment anything this feed shows changed (never None)."""
        raise NotImplementedError

    def link(self):
        return absolute_url(reverse(self.page_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def get_object(self, request, *args, **kwargs):
        """The host association (its name is in the feed's title), read once per request."""
        return host_organization(request)

    @staticmethod
    def site_name(host):
        return host.name if host else "Cổng thông tin Khuyến học"
