"""Public addresses carry a stable id and a slug: /tin-tuc/123-day-manh-phong-trao/.

The id finds the object; a wrong or outdated slug answers with a permanent redirect to the
current address, so shared links and printed QR codes survive a change of title."""

import functools

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix, get_urlconf, reverse

# A query string is carried to the current address (a page number, a printout's fingerprint), but
# not one so long that the redirect itself would be refused: it is dropped instead.
MAX_CARRIED_QUERY_STRING = 2000


@functools.lru_cache(maxsize=8192)
def _reverse(viewname, kwargs, urlconf, script_prefix):
    return reverse(viewname, kwargs=dict(kwargs), urlconf=urlconf)


def stable_url(viewname: str, **kwargs) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered per process: an address is a function of its
    arguments, the URLconf and the script prefix (all in the key), and an article page asks for a
    few dozen of them (its own, the boxes', the links'), each a regular-expression walk."""
    return _reverse(
        viewname, tuple(sorted(kwargs.items())), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )


def permanent_redirect(request, target: str) -> HttpResponsePermanentRedirect:
    """Redirect to ``target`` keeping the request's query string when it is of a sensible length."""
    query_string = request.META.get("QUERY_STRING", "")
    if query_string and len(query_string) <= MAX_CARRIED_QUERY_STRING:
        target = f"{target}?{query_string}"
    return HttpResponsePermanentRedirect(target)


class CanonicalSlugMixin:
    """For DetailViews routed with ``<int:pk>-<slug:slug>``."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return permanent_redirect(request, self.object.get_absolute_url())
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)
