"""Pagination of the public lists (news, programmes, organizations, search): never an error page.

A visitor's ``?page=`` is taken as it comes: missing, a number, "last" (Django's own convention),
or anything at all. A page that does not exist shows the nearest real one and a message saying so.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from core.query_parameters import cache_key_parameters

PAGE_RANGE_EACH_SIDE = 1
PAGE_RANGE_ENDS = 1


def lenient_page(paginator, requested):
    """(page, message): the page a visitor asked for, or the nearest real one and why (never an error)."""
    if requested in (None, ""):
        return paginator.page(1), ""
    if requested == "last":
        return paginator.page(paginator.num_pages), ""
    try:
        number = int(str(requested).strip())
    except (TypeError, ValueError):
        return paginator.page(1), f"Số trang “{str(requested)[:20]}” không hợp lệ; đang hiện trang 1."
    if number < 1:
        return paginator.page(1), f"Không có trang {number}; đang hiện trang 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), f"Không có trang {number}; đang hiện trang cuối (trang {last})."
    return paginator.page(number), ""


def page_range(page):
    """Page numbers for the pagination bar, with "…" for long stretches: 1 … 4 5 6 … 20."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=PAGE_RANGE_EACH_SIDE, on_ends=PAGE_RANGE_ENDS)
    )


@cache_key_parameters("page")
class LenientPaginationMixin:
    """For ListViews: a malformed or out-of-range ``?page=`` shows a real page, with ``page_message``
    and ``page_range`` (elided page numbers) in the context."""

    page_message = ""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page, self.page_message = lenient_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, which sets page_message
        context["page_message"] = self.page_message
        context["page_range"] = page_range(context["page_obj"]) if context.get("page_obj") else []
        return context


def capped_count(items, cap):
    """(how many ``items`` there are, at most ``cap``; whether there are more than ``cap``).

    A QuerySet is counted in SQL without reading past ``cap + 1`` rows."""
    items = items[: cap + 1]
    found = items.count() if hasattr(items, "query") else len(items)
    return min(found, cap), found > cap


class CappedPaginator(Paginator):
    """Pages over at most ``cap`` items of ``object_list``.

    For result lists that can be huge (search): counting every match of a common word costs more
    than the page itself, and nobody reads page 5,000. ``count`` is at most ``cap`` and
    ``is_capped`` says there were more ("hơn 1.000"). ``counted`` is what to count, when a cheaper
    query than ``object_list`` finds the same items (unordered matches rather than ranked ones)."""

    def __init__(self, object_list, per_page, *, cap, counted=None, **kwargs):
        self.cap = cap
        self.counted = object_list if counted is None else counted
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _capped_count(self):
        return capped_count(self.counted, self.cap)

    @cached_property
    def count(self):
        return self._capped_count[0]

    @property
    def is_capped(self):
        return self._capped_count[1]
