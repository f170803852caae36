from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: what every app of the portal uses. It imports no app of ours."""

    name = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self):
        from core import checks  # noqa: F401 (registers the system checks)
