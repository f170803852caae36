from django.conf import settings

from organizations.models import Organization


def site(request):
    """The host organization (masthead and footer) and the configured site address."""
    return {
        "host_organization": Organization.objects.host(),
        "SITE_URL": settings.SITE_URL,
    }
