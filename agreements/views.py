from django.views.generic import DetailView, ListView

from agreements.models import Programme
from kpportal.stable_urls import CanonicalSlugMixin


class ProgrammeQuerysetMixin:
    """Published programmes for the public; staff preview unpublished ones."""

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)


class ProgrammeListView(ProgrammeQuerysetMixin, ListView):
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().prefetch_related("parties__organization")


class ProgrammeDetailView(ProgrammeQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("parties__organization", "signatories__organization", "commitments", "reviews")
        )
