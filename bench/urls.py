"""The portal's URLs and /bench/minimal/: the smallest Django response, through every middleware."""

from django.http import HttpResponse
from django.urls import path

from kpportal.urls import handler404, handler500
from kpportal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*portal_urlpatterns, path("bench/minimal/", minimal)]
