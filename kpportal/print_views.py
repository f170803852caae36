"""Print views and QR images of articles and programmes (routed from news/urls.py and agreements/urls.py).

Who may see what is the apps' own queryset (``visible_to``): the public gets published items only,
staff preview the rest, everything else is a 404. A print view shows the moment it was printed, so
it is never stored by the page cache nor by a browser (``never_cache``); a QR image depends only on
the text it encodes, so it is cached everywhere and revalidated by its ETag.
"""

import datetime
import zoneinfo

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from agreements.models import Commitment, Party, Programme, Signatory
from kpportal import print_versions, qrcodes
from kpportal.stable_urls import permanent_redirect
from kpportal.templatetags import vi_dates
from news.models import Article

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


def fingerprint_of(obj, images=None) -> str:
    """The item's current fingerprint; an article's ``images`` may be given (read already)."""
    if isinstance(obj, Article):
        return print_versions.article_fingerprint(obj, images)
    return print_versions.programme_fingerprint(obj)


def article_queryset(user):
    return Article.objects.visible_to(user).for_page().select_related("category").prefetch_related("images")


def programme_queryset(user):
    return Programme.objects.visible_to(user).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization")),
        Prefetch("signatories", queryset=Signatory.objects.select_related("organization")),
        Prefetch("commitments", queryset=Commitment.objects.all()),
    )


def is_public(obj) -> bool:
    return obj.is_public() if isinstance(obj, Article) else obj.is_published


class CanonicalPrintAddressMixin:
    """Like ``kpportal.stable_urls.CanonicalSlugMixin``, for the item's print and QR addresses: a
    wrong or outdated slug answers with a permanent redirect to the same kind of address."""

    url_name = ""

    def redirect_if_outdated(self, request, obj):
        if self.kwargs.get("slug") == obj.slug:
            return None
        return permanent_redirect(request, reverse(self.url_name, kwargs={"pk": obj.pk, "slug": obj.slug}))


@method_decorator(never_cache, name="dispatch")
class PrintView(CanonicalPrintAddressMixin, DetailView):
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.redirect_if_outdated(request, self.object) or self.render_to_response(
            self.get_context_data(object=self.object)
        )

    def get_context_data(self, **kwargs):
        obj = self.object
        fingerprint = fingerprint_of(obj)
        return super().get_context_data(
            fingerprint=fingerprint,
            content_changed_at=print_versions.content_changed_at(obj, current=fingerprint),
            printed_url=versioned_url(obj, fingerprint),
            page_url=qrcodes.absolute_url(obj.get_absolute_url()),
            printed_at=printed_at_text(timezone.now()),
            is_public=is_public(obj),
            **kwargs,
        )


class ArticlePrintView(PrintView):
    template_name = "news/article_print.html"
    url_name = "news:article-print"

    def get_queryset(self):
        return article_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(images=list(self.object.images.all()), **kwargs)


class ProgrammePrintView(PrintView):
    template_name = "agreements/programme_print.html"
    url_name = "agreements:programme-print"

    def get_queryset(self):
        return programme_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        programme = self.object
        parties = list(programme.parties.all())
        signatories = list(programme.signatories.all())
        signing = []
        for party in parties:
            signers = [s for s in signatories if s.organization_id == party.organization_id]
            signing.append({"party": party, "signatories": signers})
        return super().get_context_data(
            parties=parties,
            signing=signing,
            commitments=list(programme.commitments.all()),
            **kwargs,
        )


class QrImageView(CanonicalPrintAddressMixin, View):
    """The item's QR code as a PNG sized for print: its stable address and current version."""

    def get_queryset(self):
        raise NotImplementedError

    def get(self, request, pk, slug):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        redirect = self.redirect_if_outdated(request, obj)
        if redirect:
            return redirect
        data = versioned_url(obj, fingerprint_of(obj))
        tag = qrcodes.etag(data)
        response = get_conditional_response(request, etag=tag)
        if response is None:
            response = HttpResponse(qrcodes.png(data), content_type="image/png")
            response["Content-Disposition"] = f'inline; filename="{self.filename(obj)}"'
        response["ETag"] = tag
        if is_public(obj):
            patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
        else:
            # Staff preview of an unpublished item: no shared cache may keep it.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def filename(self, obj):
        raise NotImplementedError


class ArticleQrView(QrImageView):
    url_name = "news:article-qr"

    def get_queryset(self):
        return article_queryset(self.request.user)

    def filename(self, obj):
        return f"ma-qr-tin-tuc-{obj.pk}.png"


class ProgrammeQrView(QrImageView):
    url_name = "agreements:programme-qr"

    def get_queryset(self):
        return programme_queryset(self.request.user)

    def filename(self, obj):
        return f"ma-qr-chuong-trinh-{obj.pk}.png"
