from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.views.generic import DetailView, ListView

from kpportal.stable_urls import CanonicalSlugMixin
from organizations.forms import OrganizationFilterForm
from organizations.models import Organization

ORGANIZATIONS_PER_PAGE = 60
ARTICLES_PER_ORGANIZATION_PAGE = 10


def lenient_page(paginator, requested):
    """The page a visitor asked for, or the nearest real one with a message saying so (never an error).

    ``requested`` is the raw query-string value: missing, "last", a number, or anything at all."""
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
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


class LenientPaginationMixin:
    """For ListViews: a malformed or out-of-range ``?page=`` shows a real page and ``page_message``.

    Also used by the agreements app (agreements may import organizations, not the reverse)."""

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


def kind_order():
    """Sort by the order of ``Organization.Kind`` (associations first), not by the stored code."""
    return Case(
        *(When(kind=value, then=Value(position)) for position, value in enumerate(Organization.Kind.values)),
        default=Value(len(Organization.Kind.values)),
        output_field=IntegerField(),
    )


class OrganizationQuerysetMixin:
    """Every organization is public; the directory and the pages read them with their region and parent."""

    def get_queryset(self):
        return Organization.objects.select_related("region", "parent")


class OrganizationListView(OrganizationQuerysetMixin, LenientPaginationMixin, ListView):
    paginate_by = ORGANIZATIONS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.filter_form = OrganizationFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organizations = self.filter_form.filter(super().get_queryset())
        return organizations.annotate(kind_position=kind_order()).order_by("kind_position", "name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class OrganizationDetailView(OrganizationQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_context_data(self, **kwargs):
        organization = self.object
        # The reverse managers carry the other apps' QuerySet methods: one publication filter each,
        # and no import of agreements or news here.
        parties = (
            organization.parties.filter(programme__in=organization.programmes.published())
            .select_related("programme")
            .order_by("-programme__start_year", "programme__title")
        )
        articles = organization.articles.published().select_related("category").defer("body")
        paginator = Paginator(articles, ARTICLES_PER_ORGANIZATION_PAGE)
        articles_page, page_message = lenient_page(paginator, self.request.GET.get("page"))
        return super().get_context_data(
            parties=parties,
            children=organization.children.order_by("name"),
            articles_page=articles_page,
            articles_page_range=page_range(articles_page),
            page_message=page_message,
            **kwargs,
        )
