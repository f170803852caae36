from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Bộ nhớ đệm trang")

    def ready(self):
        from core import public_content
        from pagecache import invalidation, store

        invalidation.connect()
        # Copies of parts of pages (core.fragments) follow the generation the page cache keeps.
        public_content.provide_generation(store.generation_for_copies)
