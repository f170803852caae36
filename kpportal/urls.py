from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from agreements.feeds import ProgrammeFeed
from agreements.sitemaps import ProgrammeSitemap
from core import media_views
from home import views
from home.sitemaps import SITEMAP_CONTENT_TYPE, StaticPageSitemap
from news.feeds import LatestArticlesFeed
from news.sitemaps import ArticleSitemap, CategorySitemap
from news.views import FeedbackView
from operations import health
from organizations.sitemaps import OrganizationSitemap
from search import views as search_views

SITEMAPS = {
    "trang": StaticPageSitemap,
    "tin-tuc": ArticleSitemap,
    "chuyen-muc": CategorySitemap,
    "chuong-trinh": ProgrammeSitemap,
    "to-chuc": OrganizationSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("printing.urls")),
    path("tin-tuc/", include("news.urls")),
    path("chuong-trinh/", include("agreements.urls")),
    path("to-chuc/", include("organizations.urls")),
    path("tim-kiem/", search_views.search, name="search"),
    path("gop-y/", FeedbackView.as_view(), name="feedback"),
    path("en/", views.about_english, name="about-en"),
    path("rss/", LatestArticlesFeed(), name="news-feed"),
    path("rss/chuong-trinh/", ProgrammeFeed(), name="programme-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS, "content_type": SITEMAP_CONTENT_TYPE}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz/", health.healthz, name="healthz"),
    path("quan-tri/bao-cao/", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
    # Uploads nginx did not find among the published ones (all of them under `make run`): staff only,
    # unless their owner has just become public (core/media_views.py).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media_views.serve_media, name="media"),
]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
