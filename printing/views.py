"""Print sheets and QR images of whatever is ``core.printable.Printable`` (articles, programmes).

Who may see what is the item's own ``printable(user)`` queryset: the public gets published items
only, staff preview the rest, everything else is a 404. A print view shows the moment it was
printed, so it is never stored by the page cache nor by a browser (``never_cache``); a QR image
depends only on the text it encodes, so it is cached everywhere and revalidated by its ETag.
"""

import datetime
import zoneinfo

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from core.stable_urls import permanent_redirect
from core.templatetags import vi_dates
from printing import qrcodes
from printing import versions as print_versions

PRINT_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
QR_MAX_AGE = 60 * 60


def printed_at_text(moment: datetime.datetime) -> str:
    """ "In lúc 09:05, ngày 01 tháng 6 năm 2024", in Việt Nam's time whatever the request's time zone."""
    local = moment.astimezone(PRINT_TIME_ZONE)
    # Naive, so that the filter does not move it back into the request's time zone.
    return f"In lúc {vi_dates.vi_long_date(local.replace(tzinfo=None), 'time')}"


def versioned_url(obj, fingerprint: str) -> str:
    """The address a printed QR code opens: the item's stable address and the printed version."""
    return f"{qrcodes.absolute_url(obj.get_absolute_url())}?{print_versions.PARAMETER}={fingerprint}"


def url_name(obj_or_model, what: str) -> str:
    """``printing:<kind>-print`` or ``printing:<kind>-qr`` for a printable item or model."""
    return f"printing:{obj_or_model.print_kind}-{what}"


class PrintableMixin:
    """The item of the URL among those the user may print; a wrong or outdated slug answers with a
    permanent redirect to the same kind of address (like ``core.stable_urls.CanonicalSlugMixin``)."""

    model = None  # a Printable model, given to as_view()
    what = ""

    def get_queryset(self):
        return self.model.printable(self.request.user)

    def redirect_if_outdated(self, request, obj):
        if self.kwargs.get("slug") == obj.slug:
            return None
        return permanent_redirect(request, reverse(url_name(obj, self.what), kwargs={"pk": obj.pk, "slug": obj.slug}))


@method_decorator(never_cache, name="dispatch")
class PrintView(PrintableMixin, DetailView):
    what = "print"

    def get_template_names(self):
        return [self.object.print_template]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.redirect_if_outdated(request, self.object) or self.render_to_response(
            self.get_context_data(object=self.object)
        )

    def get_context_data(self, **kwargs):
        obj = self.object
        fingerprint = print_versions.current_fingerprint(obj)
        return super().get_context_data(
            fingerprint=fingerprint,
            content_changed_at=print_versions.content_changed_at(obj, current=fingerprint),
            printed_url=versioned_url(obj, fingerprint),
            page_url=qrcodes.absolute_url(obj.get_absolute_url()),
            printed_at=printed_at_text(timezone.now()),
            is_public=obj.is_public(),
            **obj.print_context(),
            **kwargs,
        )


class QrImageView(PrintableMixin, View):
    """The item's QR code as a PNG sized for print: its stable address and current version."""

    what = "qr"

    def get(self, request, pk, slug):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        redirect = self.redirect_if_outdated(request, obj)
        if redirect:
            return redirect
        data = versioned_url(obj, print_versions.current_fingerprint(obj))
        tag = qrcodes.etag(data)
        response = get_conditional_response(request, etag=tag)
        if response is None:
            response = HttpResponse(qrcodes.png(data), content_type="image/png")
            response["Content-Disposition"] = f'inline; filename="{obj.qr_filename.format(pk=obj.pk)}"'
        response["ETag"] = tag
        if obj.is_public():
            patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
        else:
            # Staff preview of an unpublished item: no shared cache may keep it.
            patch_cache_control(response, private=True, no_store=True)
        return response
