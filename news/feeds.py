from django.db.models import Max

from news.models import Article
from organizations.feeds import FEED_ITEMS, SiteFeed, latest


class LatestArticlesFeed(SiteFeed):
    url_name = "news-feed"
    page_url_name = "news:article-list"
    description = "Tin mới về phong trào khuyến học, khuyến tài và xây dựng xã hội học tập."

    def title(self, host):
        return f"Tin tức – {self.site_name(host)}"

    def items(self):
        return Article.objects.published().for_list().select_related("category")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def content_changed_at(self):
        """Saves and deletions (the history), a scheduled article whose time has come."""
        return latest(
            Article.history.aggregate(changed=Max("history_date"))["changed"],
            Article.objects.published().aggregate(changed=Max("published_at"))["changed"],
        )
