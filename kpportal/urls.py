from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from kpportal import media_views, views
from kpportal.feeds import ProgrammeFeed
from kpportal.sitemaps import SITEMAP_CONTENT_TYPE, OrganizationSitemap, ProgrammeSitemap, StaticPageSitemap
from news.feeds import LatestArticlesFeed
from news.sitemaps import ArticleSitemap, CategorySitemap
from news.views import FeedbackView

SITEMAPS = {
    "trang": StaticPageSitemap,
    "tin-tuc": ArticleSitemap,
    "chuyen-muc": CategorySitemap,
    "chuong-trinh": ProgrammeSitemap,
    "to-chuc": OrganizationSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", include("news.urls")),
    path("chuong-trinh/", include("agreements.urls")),
    path("to-chuc/", include("organizations.urls")),
    path("tim-kiem/", views.search, name="search"),
    path("gop-y/", FeedbackView.as_view(), name="feedback"),
    path("en/", views.about_english, name="about-en"),
    path("rss/", LatestArticlesFeed(), name="news-feed"),
    path("rss/chuong-trinh/", ProgrammeFeed(), name="programme-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS, "content_type": SITEMAP_CONTENT_TYPE}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("quan-tri/bao-cao/", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
    # Uploads nginx did not find among the published ones (all of them under `make run`): staff only,
    # unless their owner has just become public (kpportal/media_views.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media_views.serve_media, name="media"),
]

handler404 = "kpportal.views.page_not_found"
handler500 = "kpportal.views.server_error"
