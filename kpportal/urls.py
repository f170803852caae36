from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kpportal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", include("news.urls")),
    path("chuong-trinh/", include("agreements.urls")),
    path("to-chuc/", include("organizations.urls")),
    path("quan-tri/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "kpportal.views.page_not_found"
handler500 = "kpportal.views.server_error"
