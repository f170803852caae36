"""System checks of the portal's own settings, for operators (``manage.py check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

SITE_URL_NOT_SET = "kpportal.W001"
SITE_URL_NOT_HTTPS = "kpportal.W002"


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Printed QR codes and feeds carry SITE_URL for years: it must be set, and be HTTPS."""
    if not settings.SITE_URL:
        return [
            Warning(
                "SITE_URL is not set: QR codes, feeds and the sitemap use the address of each request.",
                hint="Set DJANGO_SITE_URL to the site's public https:// address.",
                id=SITE_URL_NOT_SET,
            )
        ]
    if urlsplit(settings.SITE_URL).scheme != "https":
        return [
            Warning(
                f"SITE_URL ({settings.SITE_URL}) is not an https:// address: printed QR codes and feeds "
                "will send readers to an unencrypted page.",
                hint="Set DJANGO_SITE_URL to the site's https:// address.",
                id=SITE_URL_NOT_HTTPS,
            )
        ]
    return []
