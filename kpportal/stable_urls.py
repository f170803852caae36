"""Public addresses carry a stable id and a slug: /tin-tuc/123-day-manh-phong-trao/.

The id finds the object; a wrong or outdated slug answers with a permanent redirect to the
current address, so shared links and printed QR codes survive a change of title."""

from django.http import HttpResponsePermanentRedirect


class CanonicalSlugMixin:
    """For DetailViews routed with ``<int:pk>-<slug:slug>``."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            target = self.object.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                target = f"{target}?{request.META['QUERY_STRING']}"
            return HttpResponsePermanentRedirect(target)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)
