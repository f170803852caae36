from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KpportalConfig(AppConfig):
    """The project: settings, URLs, WSGI/ASGI and the admin site (kpportal/admin.py registers axes' admins)."""

    default = True
    name = "kpportal"
    verbose_name = _("Cổng thông tin")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "kpportal.admin_site.PortalAdminSite"


class PortalAxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name: its app shows as "AXES" on the dashboard otherwise."""

    default = False
    verbose_name = _("Chống dò mật khẩu")
