from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Tin tức")

    def ready(self):
        from django.db.models import Q

        from core.private_media import register_file_owner
        from core.public_content import changes_on_schedule, shows_on_public_pages

        for name in ("Article", "ArticleImage", "Category", "ProgressEvidence"):
            shows_on_public_pages(self.get_model(name))
        # A reader's comment appears once staff approve it: a new unapproved comment changes no page.
        shows_on_public_pages(self.get_model("Comment"), counts=lambda comment: comment.is_approved)
        # A scheduled article appears at its time, with no save to announce it.
        articles = self.get_model("Article").objects
        changes_on_schedule(lambda now: articles.next_publication_time(now=now))

        def published(prefix=""):
            return lambda now: Q(**{f"{prefix}status": "published", f"{prefix}published_at__lte": now})

        register_file_owner("news.Article", ("cover_image",), published())
        register_file_owner("news.ArticleImage", ("image",), published("article__"), {"news.Article": "article"})
