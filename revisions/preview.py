"""A pending revision as readers would see it, public page and print view, for staff only: the
revision is written inside a transaction, the public view renders it, the transaction is rolled
back. The page is marked "BẢN CHỜ DUYỆT" and never cached (the admin's views are never_cache and
the page cache serves staff uncached)."""

import re

from django.db import transaction
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext as _

from agreements.models import Programme
from agreements.views import ProgrammeDetailView
from news.models import Article
from news.views import ArticleDetailView
from organizations.views import OrganizationDetailView
from printing.views import PrintView
from revisions import snapshot
from revisions.registry import revisable

VIEWS = {
    "news.article": {"page": ArticleDetailView.as_view(), "print": PrintView.as_view(model=Article)},
    "agreements.programme": {"page": ProgrammeDetailView.as_view(), "print": PrintView.as_view(model=Programme)},
    "organizations.organization": {"page": OrganizationDetailView.as_view()},
}
BODY = re.compile(r"(<body[^>]*>)")
BANNER_STYLE = (
    "background:#b45309;color:#fff;font:600 1rem/1.4 system-ui,sans-serif;padding:.6rem 1rem;text-align:center;"
    "letter-spacing:.02em"
)


def has_print_view(revision) -> bool:
    return "print" in VIEWS.get(revision.model._meta.label_lower, {})


def render(revision, request, kind="page"):
    views = VIEWS.get(revision.model._meta.label_lower, {})
    obj = revision.live_object()
    if kind not in views or obj is None:
        raise Http404(_("Không có trang xem trước cho bản này."))
    with transaction.atomic():
        snapshot.apply(revisable(obj), obj, revision.data)
        obj = type(obj).objects.get(pk=obj.pk)
        response = views[kind](request, pk=obj.pk, slug=obj.slug)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        banner = format_html(
            '<div class="pending-preview" role="status" style="{}">{} — {}</div>',
            BANNER_STYLE,
            _("BẢN CHỜ DUYỆT"),
            _("bản #%(number)s, chưa xuất bản: bạn đọc chưa thấy nội dung này. Chỉ cán bộ quản trị xem được trang này.")
            % {"number": revision.pk},
        )
        html = response.content.decode(response.charset)
        response.content = BODY.sub(lambda match: match.group(1) + banner, html, count=1).encode(response.charset)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
