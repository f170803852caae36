import re

from core import fragments
from core.site_address import site_url
from organizations.models import Organization


def host_organization(request):
    """The organization running the portal (masthead, footer, page data): read once per content
    generation and process (``core.fragments``), else once per request."""
    if not hasattr(request, "_host_organization"):
        request._host_organization = fragments.get_or_make(request, "host-organization", Organization.objects.host)
    return request._host_organization


def canonical_url(request):
    """This page's absolute address on the site (``core.site_address``); only ``?page=`` is kept.
    A view passing its own ``canonical_url`` in the context overrides it."""
    url = f"{site_url(request)}{request.path}"
    page = request.GET.get("page", "")
    if re.fullmatch(r"[0-9]{1,9}", page) and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def site(request):
    """The host organization (masthead and footer), the site's address and this page's canonical URL."""
    return {
        "host_organization": host_organization(request),
        "SITE_URL": site_url(request),
        "canonical_url": canonical_url(request),
    }
