from django.db.models import Count, F, Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from agreements.forms import ProgrammeFilterForm
from agreements.models import (
    Commitment,
    CommitmentProgress,
    Party,
    Programme,
    Review,
    ReviewAssessment,
    Signatory,
    local_today,
)
from agreements.overview import build_tile_map, overview_counts
from agreements.progress import timeline
from agreements.timeline import build_timeline
from core.pagination import LenientPaginationMixin
from core.printable import PRINTED_VERSION_PARAMETER
from core.query_parameters import cache_key_parameters
from core.stable_urls import CanonicalSlugMixin
from organizations.models import Organization

PROGRAMMES_PER_PAGE = 20
# The organization filter lists at most this many organizations (those taking part in the most
# listed programmes); any other one still filters when its address is followed (?organization=).
ORGANIZATION_OPTIONS = 50


class ProgrammeQuerysetMixin:
    """Published programmes for the public; staff preview unpublished ones."""

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)


@cache_key_parameters(*ProgrammeFilterForm.base_fields, "page")
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
        self.limit_organization_options()
        return context

    def limit_organization_options(self):
        """The organization filter's <select> offers the organizations taking part in the most of
        the listed programmes, not every party of every programme: thousands of <option>s made the
        page 400 KB and most of its rendering time. The field still accepts any party."""
        field = self.filter_form.fields["organization"]
        selected = getattr(self.filter_form, "cleaned_data", {}).get("organization")
        listed = self.object_list.order_by().values("pk")
        busiest = (
            Organization.objects.filter(parties__programme__in=listed)
            .annotate(listed_programmes=Count("parties"))
            .order_by("-listed_programmes", "name", "pk")
            .only("pk", "name", "short_name")[: ORGANIZATION_OPTIONS + 1]
        )
        options = list(busiest)
        if len(options) > ORGANIZATION_OPTIONS:
            options = options[:ORGANIZATION_OPTIONS]
            field.help_text = (
                f"{ORGANIZATION_OPTIONS} tổ chức tham gia nhiều chương trình nhất trong kết quả. "
                "Chương trình của tổ chức khác: xem trang của tổ chức đó trong danh bạ."
            )
        if selected is not None and selected not in options:
            options.append(selected)
        options.sort(key=lambda organization: (field.label_from_instance(organization).lower(), organization.pk))
        field.widget.choices = [("", field.empty_label)] + [
            (organization.pk, field.label_from_instance(organization)) for organization in options
        ]


@cache_key_parameters(PRINTED_VERSION_PARAMETER)  # ?ban-in=: the printed version (QR code)
class ProgrammeDetailView(ProgrammeQuerysetMixin, CanonicalSlugMixin, DetailView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("parties", queryset=Party.objects.select_related("organization")),
                Prefetch("signatories", queryset=Signatory.objects.select_related("organization")),
                Prefetch(
                    "commitments",
                    queryset=Commitment.objects.prefetch_related(
                        "responsible",
                        Prefetch(
                            "progress",
                            queryset=CommitmentProgress.objects.filter(is_published=True).select_related("party"),
                            to_attr="published_progress",
                        ),
                        Prefetch("assessments", queryset=ReviewAssessment.objects.select_related("review")),
                    ),
                ),
                Prefetch("reviews", queryset=Review.objects.prefetch_related("participants")),
            )
        )

    def get_context_data(self, **kwargs):
        programme = self.object
        # The reverse manager carries news' QuerySet: its one publication filter, without importing news.
        articles = programme.articles.published().for_list().order_by("-published_at", "-pk")
        reviews = list(programme.reviews.all())
        review_articles = (
            programme.articles.model.objects.published()
            .for_list()
            .filter(review__in=reviews)
            .order_by("published_at", "pk")
        )
        articles_by_review = {}
        for article in review_articles:
            articles_by_review.setdefault(article.review_id, []).append(article)
        for review in reviews:
            review.published_articles = articles_by_review.get(review.pk, [])
        self.add_progress(programme, reviews)
        return super().get_context_data(
            status=programme.status(),
            articles=articles,
            reviews=reviews,
            document_size=self.document_size(programme),
            **kwargs,
        )

    @staticmethod
    def add_progress(programme, reviews):
        """Each commitment gets its ``timeline`` (published progress entries with their published evidence
        articles, and the reviews' assessments); each review its ``commitment_assessments``."""
        commitments = list(programme.commitments.all())
        entries = [entry for commitment in commitments for entry in commitment.published_progress]
        evidence = {}
        if entries:
            # Articles come through the reverse manager's model: news' publication filter, without importing news.
            articles = (
                programme.articles.model.objects.published()
                .for_list()
                .filter(progress_evidence__progress__in=entries)
                .annotate(evidence_for=F("progress_evidence__progress_id"))
                .order_by("published_at", "pk")
            )
            for article in articles:
                evidence.setdefault(article.evidence_for, []).append(article)
        by_review = {review.pk: [] for review in reviews}
        for commitment in commitments:
            assessments = list(commitment.assessments.all())
            commitment.timeline = timeline(commitment.published_progress, assessments, evidence)
            for assessment in assessments:
                by_review[assessment.review_id].append(assessment)
        for review in reviews:
            review.commitment_assessments = by_review[review.pk]

    @staticmethod
    def document_size(programme):
        """The signed document's size in bytes, or None if the file is missing from storage."""
        if not programme.document:
            return None
        try:
            return programme.document.size
        except OSError:
            return None


class ProgrammeOverviewView(ProgrammeQuerysetMixin, TemplateView):
    """/chuong-trinh/tong-quan/: the counts and the tile map of the 34 provinces (agreements.overview)."""

    template_name = "agreements/programme_overview.html"

    def get_context_data(self, **kwargs):
        today = local_today()
        visible = self.get_queryset()
        return super().get_context_data(
            today=today, counts=overview_counts(visible, today), tile_map=build_tile_map(visible, today), **kwargs
        )
