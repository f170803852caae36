import re

from django.conf import settings

from organizations.models import Organization


def host_organization(request):
    """The organization running the portal, read once per request (masthead, footer, page data)."""
    if not hasattr(request, "_host_organization"):
        request._host_organization = Organization.objects.host()
    return request._host_organization


def canonical_url(request):
    """This page's absolute address from SITE_URL (never the Host header); only ``?page=`` is kept.
    A view passing its own ``canonical_url`` in the context overrides it."""
    url = f"{settings.SITE_URL}{request.path}"
    page = request.GET.get("page", "")
    if re.fullmatch(r"[0-9]{1,9}", page) and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def site(request):
    """The host organization (masthead and footer), the configured site address and this page's canonical URL."""
    return {
        "host_organization": host_organization(request),
        "SITE_URL": settings.SITE_URL,
        "canonical_url": canonical_url(request),
    }
