from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Bộ nhớ đệm trang")

    def ready(self):
        from pagecache import invalidation

        invalidation.connect()
