"""The period report's data: what was signed, in force, ended, ending, reviewed, where each
commitment stood, and what was written, for the programmes of a region and a kind of partner.

A fixed number of queries whatever the amount of data (tests/reports/test_queries.py counts them):
the programmes the period touches in one query with their parties, then one query each for the
reviews, the commitments, their progress, their assessments, the articles, and the chart's years.
Only published programmes are counted: drafts (e.g. from the importer) are not yet facts."""

import dataclasses
import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from agreements.models import Commitment, Party, Programme, ProgressStatus, Review
from news.models import Article
from organizations.models import Organization
from reports.commitment_status import statuses_at
from reports.periods import Period

CHART_YEARS = 10
PARTIES = (
    Party.objects.select_related("organization")
    .only("programme_id", "order", "organization__name", "organization__short_name")
    .order_by("order", "pk")
)


def scope(region=None, partner_kind: str = ""):
    """Published programmes with a party from ``region`` and a partner ("Phối hợp") of ``partner_kind``."""
    programmes = Programme.objects.published()
    if region is not None:
        programmes = programmes.filter(
            Exists(Party.objects.filter(programme=OuterRef("pk"), organization__region=region))
        )
    if partner_kind:
        programmes = programmes.filter(
            Exists(
                Party.objects.filter(programme=OuterRef("pk"), role=Party.Role.PARTNER, organization__kind=partner_kind)
            )
        )
    return programmes


def first_partner_kind():
    """The kind of a programme's first partner ("Phối hợp"), or of its first party when it names none."""
    partners = Party.objects.filter(programme=OuterRef("pk")).order_by("-role", "order", "pk")
    # "phoi_hop" sorts after "chu_tri": descending puts partners first.
    return Subquery(partners.values("organization__kind")[:1])


def overlaps(period: Period) -> Q:
    return Q(start_year__lte=period.end.year) & (Q(end_year__isnull=True) | Q(end_year__gte=period.start.year))


def ends_between(after: datetime.date, until: datetime.date) -> Q:
    """Programmes whose period ends (31 December of the end year) in (after, until], ``after`` excluded."""
    first = after.year if after < datetime.date(after.year, 12, 31) else after.year + 1
    last = until.year if until >= datetime.date(until.year, 12, 31) else until.year - 1
    return Q(end_year__gte=first, end_year__lte=last)


def day_before(date: datetime.date) -> datetime.date:
    return date - datetime.timedelta(days=1)


def date_text(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def parties_text(programme) -> str:
    return "; ".join(party.organization.display_name for party in programme.parties.all())


@dataclasses.dataclass
class PeriodFigures:
    period: Period
    signed: list
    active: list
    ended: list  # (programme, date of its tổng kết or None)
    ending_soon: list
    reviews: list
    commitments: list  # (programme, commitment number, title, status value)
    articles: list
    signed_by_year: dict  # {year: {kind: count}}

    @property
    def ended_with_final_review(self):
        return [programme for programme, held_on in self.ended if held_on]

    @property
    def ended_without_final_review(self):
        return [programme for programme, held_on in self.ended if not held_on]

    def status_counts(self) -> dict[str, int]:
        counts = {status: 0 for status in ProgressStatus.values}
        for *_rest, status in self.commitments:
            counts[status] += 1
        return counts

    @property
    def is_empty(self) -> bool:
        return not (self.signed or self.active or self.ended or self.ending_soon or self.reviews or self.articles)


def compute(period: Period, region=None, partner_kind: str = "") -> PeriodFigures:
    programmes = scope(region, partner_kind)
    final_review = (
        Review.objects.filter(programme=OuterRef("pk"), kind=Review.Kind.FINAL).order_by("date").values("date")[:1]
    )
    touched = (
        programmes.filter(
            Q(signing_date__range=(period.start, period.end))
            | overlaps(period)
            | ends_between(day_before(period.start), period.twelve_months_later)
        )
        .annotate(final_review_on=Subquery(final_review))
        .defer("summary", "objectives")
        .prefetch_related(Prefetch("parties", queryset=PARTIES))
        .order_by("signing_date", "start_year", "title", "pk")
    )
    signed, active, ended, ending_soon = [], [], [], []
    for programme in touched:
        if programme.signing_date and period.start <= programme.signing_date <= period.end:
            signed.append(programme)
        if programme.start_year <= period.end.year and (
            programme.end_year is None or programme.end_year >= period.start.year
        ):
            active.append(programme)
        end = programme.end_date
        if end and period.start <= end <= period.end:
            ended.append((programme, programme.final_review_on))
        elif end and period.end < end <= period.twelve_months_later:
            ending_soon.append(programme)
    active.sort(key=lambda p: (p.title, p.pk))
    ending_soon.sort(key=lambda p: (p.end_year, p.title, p.pk))
    ended.sort(key=lambda item: (item[0].title, item[0].pk))

    programme_by_id = {programme.pk: programme for programme in active}
    reviews = list(
        Review.objects.filter(programme__in=programmes, date__range=(period.start, period.end))
        .select_related("programme")
        .order_by("date", "pk")
    )
    in_force = Commitment.objects.filter(programme__in=programmes.filter(overlaps(period)))
    commitment_rows = list(in_force.order_by().values_list("pk", "programme_id", "number", "title"))
    statuses = statuses_at(in_force, period.end)
    commitments = sorted(
        (
            (programme_by_id[programme_id], number, title, statuses.get(pk, ProgressStatus.NOT_STARTED))
            for pk, programme_id, number, title in commitment_rows
            if programme_id in programme_by_id
        ),
        key=lambda row: (row[0].title, row[0].pk, row[1]),
    )

    zone = timezone.get_current_timezone()
    from_moment = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    until_moment = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    articles = list(
        Article.objects.published()
        .filter(published_at__gte=from_moment, published_at__lt=until_moment)
        .filter(Q(Exists(programmes.filter(articles=OuterRef("pk")))) | Q(review__programme__in=programmes))
        .select_related("review__programme")
        .prefetch_related(Prefetch("programmes", queryset=Programme.objects.order_by("title").only("pk", "title")))
        .defer("body", "lead")
        .order_by("published_at", "pk")
    )

    first_year = min(period.start.year, period.end.year - CHART_YEARS + 1)
    signed_by_year: dict[int, dict[str, int]] = {year: {} for year in range(first_year, period.end.year + 1)}
    rows = (
        programmes.filter(signing_date__gte=datetime.date(first_year, 1, 1), signing_date__lte=period.end)
        .annotate(partner_kind=first_partner_kind())
        .order_by()
        .values_list("signing_date__year", "partner_kind")
    )
    for year, partner in rows:
        kind = partner or Organization.Kind.OTHER
        signed_by_year[year][kind] = signed_by_year[year].get(kind, 0) + 1

    return PeriodFigures(period, signed, active, ended, ending_soon, reviews, commitments, articles, signed_by_year)
