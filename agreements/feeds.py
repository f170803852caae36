"""The programmes' RSS feed (``organizations.feeds.SiteFeed``: absolute links, 304 while nothing changed)."""

import datetime
import re

from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from agreements.models import Programme
from organizations.feeds import FEED_ITEMS, SiteFeed, latest


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
