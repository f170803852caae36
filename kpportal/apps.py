from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KpportalConfig(AppConfig):
    default = True
    name = "kpportal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from kpportal import cache_invalidation, checks, private_media  # noqa: F401 (checks registers itself)

        cache_invalidation.connect()
        private_media.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "kpportal.admin_site.PortalAdminSite"


class PortalAxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name: its app shows as "AXES" on the dashboard otherwise."""

    default = False
    verbose_name = _("Chống dò mật khẩu")
