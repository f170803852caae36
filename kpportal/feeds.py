"""RSS with absolute links from ``kpportal.site_address`` (SITE_URL; in development the address being served).

Both feeds answer a reader's ``If-Modified-Since`` with 304 Not Modified while nothing they show has
changed (Django's ``last_modified`` decorator). What they show changes when an item is saved or deleted
(the history of django-simple-history keeps the moment of each), when a scheduled article's time comes,
when the host association's name changes (the feed's title) and, for programmes, when a new year changes
their status.
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import last_modified

from agreements.models import Programme
from kpportal.context_processors import host_organization
from kpportal.site_address import absolute_url

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


def start_of_local_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ProgrammeFeed(SiteFeed):
    """Newest first by the day a programme was signed or, without a signing date, the moment it was first
    published (its history); never by when its record was typed in."""

    url_name = "programme-feed"
    page_url_name = "agreements:programme-list"
    description = "Chương trình phối hợp về khuyến học, khuyến tài, xây dựng xã hội học tập mới công bố."

    def title(self, host):
        return f"Chương trình phối hợp – {self.site_name(host)}"

    def items(self):
        first_published = (
            Programme.history.model.objects.filter(id=OuterRef("pk"), is_published=True)
            .order_by("history_date")
            .values("history_date")[:1]
        )
        return (
            Programme.objects.published()
            .annotate(first_published_at=Subquery(first_published))
            .annotate(feed_date=Coalesce(Cast("signing_date", DateTimeField()), "first_published_at"))
            .order_by("-feed_date", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        years = [item.start_year] + ([item.end_year] if item.end_year else [])
        if all(re.search(rf"(?<!\d){year}(?!\d)", item.title) for year in years):
            return item.title  # "… giai đoạn 2022-2026" already says it
        return f"{item.title} ({item.period_display})"

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        if item.signing_date:
            return start_of_local_day(item.signing_date)
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.status(timezone.localdate()).label)]

    def content_changed_at(self):
        # A status ("Đang hiệu lực", "Đã kết thúc") follows the year: a new year may change every item.
        new_year = start_of_local_day(timezone.localdate().replace(month=1, day=1))
        history = Programme.history.aggregate(changed=Max("history_date"))["changed"]
        return latest(new_year, history)
