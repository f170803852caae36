from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.views.generic import DetailView, ListView

from core.pagination import LenientPaginationMixin, lenient_page, page_range
from core.query_parameters import cache_key_parameters
from core.stable_urls import CanonicalSlugMixin
from organizations.forms import OrganizationFilterForm
from organizations.models import Organization

ORGANIZATIONS_PER_PAGE = 60
ARTICLES_PER_ORGANIZATION_PAGE = 10


def kind_order():
    """Sort by the order of ``Organization.Kind`` (associations first), not by the stored code."""
    return Case(
        *(When(kind=value, then=Value(position)) for position, value in enumerate(Organization.Kind.values)),
        default=Value(len(Organization.Kind.values)),
        output_field=IntegerField(),
    )


class OrganizationQuerysetMixin:
    """Published organizations are public; logged-in staff also preview unpublished ones. The
    directory and the pages read them with their region and parent."""

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("region", "parent")


@cache_key_parameters(*OrganizationFilterForm.base_fields, "page")
class OrganizationListView(LenientPaginationMixin, ListView):
    """The directory lists published organizations only, for staff as well (it is what readers see)."""

    paginate_by = ORGANIZATIONS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.filter_form = OrganizationFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        organizations = self.filter_form.filter(Organization.objects.published().select_related("region", "parent"))
        return organizations.annotate(kind_position=kind_order()).order_by("kind_position", "name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


@cache_key_parameters("page")  # its articles, page by page
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
        articles = organization.articles.published().for_list().select_related("category")
        paginator = Paginator(articles, ARTICLES_PER_ORGANIZATION_PAGE)
        articles_page, page_message = lenient_page(paginator, self.request.GET.get("page"))
        return super().get_context_data(
            parties=parties,
            children=organization.children.published().order_by("name"),
            articles_page=articles_page,
            articles_page_range=page_range(articles_page),
            page_message=page_message,
            **kwargs,
        )
