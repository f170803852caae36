from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from agreements.forms import ProgrammeFilterForm
from agreements.models import Commitment, Party, Programme, Signatory, local_today
from agreements.timeline import build_timeline
from kpportal.pagination import LenientPaginationMixin
from kpportal.stable_urls import CanonicalSlugMixin
from organizations.models import Organization

PROGRAMMES_PER_PAGE = 20


class ProgrammeQuerysetMixin:
    """Published programmes for the public; staff preview unpublished ones."""

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)


class ProgrammeListView(ProgrammeQuerysetMixin, LenientPaginationMixin, ListView):
    paginate_by = PROGRAMMES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.today = local_today()
        visible = super().get_queryset()
        self.filter_form = ProgrammeFilterForm(
            request.GET or None,
            organizations=Organization.objects.filter(programmes__in=visible).distinct().order_by("name"),
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filter_form.filter(super().get_queryset(), today=self.today).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, today=self.today, **kwargs)
        context["timeline"] = build_timeline(context["page_obj"].object_list, self.today)
        return context


class ProgrammeDetailView(ProgrammeQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("parties", queryset=Party.objects.select_related("organization")),
                Prefetch("signatories", queryset=Signatory.objects.select_related("organization")),
                Prefetch("commitments", queryset=Commitment.objects.prefetch_related("responsible")),
                "reviews",
            )
        )

    def get_context_data(self, **kwargs):
        programme = self.object
        # The reverse manager carries news' QuerySet: its one publication filter, without importing news.
        articles = programme.articles.published().defer("body").order_by("-published_at", "-pk")
        reviews = list(programme.reviews.all())
        review_articles = (
            programme.articles.model.objects.published().filter(review__in=reviews).order_by("published_at", "pk")
        )
        articles_by_review = {}
        for article in review_articles:
            articles_by_review.setdefault(article.review_id, []).append(article)
        for review in reviews:
            review.published_articles = articles_by_review.get(review.pk, [])
        return super().get_context_data(
            status=programme.status(),
            articles=articles,
            reviews=reviews,
            document_size=self.document_size(programme),
            **kwargs,
        )

    @staticmethod
    def document_size(programme):
        """The signed document's size in bytes, or None if the file is missing from storage."""
        if not programme.document:
            return None
        try:
            return programme.document.size
        except OSError:
            return None
