from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Tổ chức")

    def ready(self):
        from django.db.models import Q

        from core.private_media import register_file_owner
        from core.public_content import shows_on_public_pages

        for name in ("Organization", "Region"):
            shows_on_public_pages(self.get_model(name))
        # Anyone may see the logos of published organizations, and the host's, which is in every
        # page's masthead.
        register_file_owner("organizations.Organization", ("logo",), lambda now: Q(is_published=True) | Q(is_host=True))
