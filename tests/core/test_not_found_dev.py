"""Under `make run` (kpportal.settings.dev, DEBUG on) a wrong address shows the portal's Vietnamese 404
page, not Django's English debug page; real errors keep Django's debug page."""

import importlib

import pytest
from django.http import Http404
from django.test import Client
from django.urls import include, path

import kpportal.settings.dev


def broken_view(request):
    raise ZeroDivisionError("lỗi thử")


def missing_view(request):
    raise Http404("Không có chương trình này")


urlpatterns = [
    path("thu-loi/", broken_view),
    path("thu-khong-co/", missing_view),
    path("", include("kpportal.urls")),
]
handler404 = "home.views.page_not_found"


@pytest.fixture
def dev_settings(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = kpportal.settings.dev.MIDDLEWARE
    settings.ROOT_URLCONF = __name__


@pytest.mark.django_db
@pytest.mark.usefixtures("dev_settings")
class DevelopmentNotFoundTests:
    def test_an_unknown_address_shows_the_vietnamese_404_page(self, client):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text
        assert "Page not found" not in response.text
        assert "Using the URLconf" not in response.text

    def test_a_view_that_finds_nothing_shows_the_vietnamese_404_page(self, client):
        response = client.get("/thu-khong-co/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text
        assert "Page not found" not in response.text

    def test_a_wrong_admin_address_shows_the_vietnamese_404_page_to_staff(self, client, superuser):
        client.force_login(superuser)
        response = client.get("/quan-tri/khong-co/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.text

    def test_a_real_error_still_shows_djangos_debug_page(self):
        response = Client(raise_request_exception=False).get("/thu-loi/")
        assert response.status_code == 500
        assert "ZeroDivisionError" in response.text


class DevelopmentSettingsTests:
    def test_the_technical_404_page_can_be_asked_for(self, monkeypatch):
        monkeypatch.setenv("DJANGO_TECHNICAL_404", "1")
        try:
            reloaded = importlib.reload(kpportal.settings.dev)
            assert "core.not_found.PortalNotFoundMiddleware" not in reloaded.MIDDLEWARE
        finally:
            monkeypatch.delenv("DJANGO_TECHNICAL_404")
            importlib.reload(kpportal.settings.dev)

    def test_dev_settings_answer_wrong_addresses_with_the_portal_page(self):
        assert "core.not_found.PortalNotFoundMiddleware" in kpportal.settings.dev.MIDDLEWARE
        assert kpportal.settings.dev.DEBUG is True
