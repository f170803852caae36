from django.views.generic import DetailView, ListView

from kpportal.stable_urls import CanonicalSlugMixin
from organizations.models import Organization


class OrganizationListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Organization.objects.select_related("region").order_by("kind", "name")


class OrganizationDetailView(CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return Organization.objects.select_related("region", "parent")
