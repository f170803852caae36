"""The portal's URLs under /cong/, for the test that remembered addresses follow the URLconf in use."""

from django.urls import include, path

urlpatterns = [path("cong/", include("kpportal.urls"))]
