"""Many rows fast, for the query-count tests: bulk_create with explicit slugs (save() is skipped)."""

import datetime

from agreements.models import (
    Commitment,
    CommitmentProgress,
    Party,
    Programme,
    ProgressStatus,
    Review,
    ReviewAssessment,
    Signatory,
)
from news.models import Article, ProgressEvidence
from organizations.models import Organization, Region
from tests.factories import FIXED_NOW, CategoryFactory

KINDS = [Organization.Kind.STUDY_PROMOTION, Organization.Kind.YOUTH_UNION, Organization.Kind.WOMEN_UNION]


def bulk_regions(count, *, start=0):
    return Region.objects.bulk_create(
        Region(name=f"Địa bàn số {n}", slug=f"dia-ban-so-{n}", order=n) for n in range(start, start + count)
    )


def bulk_organizations(count, *, start=0, regions=None):
    """``count`` organizations of three kinds, spread over ``regions``; numbers from ``start`` keep slugs unique."""
    regions = regions or bulk_regions(1, start=9000 + start)
    return Organization.objects.bulk_create(
        Organization(
            name=f"Tổ chức hàng loạt số {n}",
            abbreviation=f"TC{n}",
            slug=f"to-chuc-hang-loat-so-{n}",
            kind=KINDS[n % len(KINDS)],
            region=regions[n % len(regions)],
            is_member=n % 2 == 0,
            is_published=True,
        )
        for n in range(start, start + count)
    )


def bulk_programmes(count, *, start=0, organizations, is_published=True):
    """``count`` programmes with periods spread over 2015-2030 (every fifth open-ended), each with two parties."""
    programmes = Programme.objects.bulk_create(
        Programme(
            title=f"Chương trình phối hợp hàng loạt số {n}",
            slug=f"chuong-trinh-hang-loat-so-{n}",
            start_year=2015 + n % 12,
            end_year=None if n % 5 == 0 else 2015 + n % 12 + 3,
            is_published=is_published,
        )
        for n in range(start, start + count)
    )
    parties = []
    for index, programme in enumerate(programmes):
        first = organizations[index % len(organizations)]
        second = organizations[(index + 1) % len(organizations)]
        parties.append(Party(programme=programme, organization=first, role=Party.Role.LEAD, order=0))
        if second.pk != first.pk:
            parties.append(Party(programme=programme, organization=second, role=Party.Role.PARTNER, order=1))
    Party.objects.bulk_create(parties)
    return programmes


def fill_programme(programme, organizations, *, count):
    """Give ``programme`` ``count`` parties, signatories, commitments (each with responsible parties, two
    progress entries, one published, and an assessment by the first review) and reviews (each with
    ``count`` participants)."""
    organizations = organizations[:count]
    Party.objects.bulk_create(
        Party(programme=programme, organization=org, order=n, role=Party.Role.LEAD if n == 0 else Party.Role.PARTNER)
        for n, org in enumerate(organizations)
    )
    Signatory.objects.bulk_create(
        Signatory(programme=programme, name=f"Người ký số {n}", position="Chủ tịch", organization=org, order=n)
        for n, org in enumerate(organizations)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(programme=programme, number=n + 1, title=f"Nội dung phối hợp số {n + 1}") for n in range(count)
    )
    through = Commitment.responsible.through
    through.objects.bulk_create(
        through(commitment_id=commitment.pk, organization_id=organizations[n % len(organizations)].pk)
        for n, commitment in enumerate(commitments)
    )
    Review.objects.bulk_create(
        Review(
            programme=programme,
            kind=Review.Kind.MIDTERM,
            date=FIXED_NOW.date().replace(year=2015 + n % 10),
            summary="Kết quả tốt.",
        )
        for n in range(count)
    )
    entries = CommitmentProgress.objects.bulk_create(
        CommitmentProgress(
            commitment=commitment,
            year=programme.start_year,
            status=ProgressStatus.IN_PROGRESS,
            done="Đã triển khai.",
            party=organizations[n % len(organizations)],
            is_published=published,
        )
        for n, commitment in enumerate(commitments)
        for published in (True, False)
    )
    reviews = list(programme.reviews.all())
    ReviewAssessment.objects.bulk_create(
        ReviewAssessment(review=reviews[0], commitment=commitment, status=ProgressStatus.DONE, text="Đạt.")
        for commitment in commitments
    )
    through = Review.participants.through
    through.objects.bulk_create(
        through(review_id=review.pk, organization_id=organization.pk)
        for review in reviews
        for organization in organizations
    )
    return entries


def add_evidence(entries, articles):
    """Each article becomes the evidence of one of ``entries``, in turn."""
    ProgressEvidence.objects.bulk_create(
        ProgressEvidence(progress=entries[n % len(entries)], article=article) for n, article in enumerate(articles)
    )


def bulk_articles(count, *, start=0, programme=None, organization=None, review=None, category=None):
    """``count`` published articles (fixed dates, newest last), linked to ``programme`` and/or ``organization``."""
    category = category or CategoryFactory()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Tin hàng loạt số {n}",
            slug=f"tin-hang-loat-so-{n}",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=FIXED_NOW.replace(year=2020) + datetime.timedelta(hours=n),
            review=review,
        )
        for n in range(start, start + count)
    )
    if programme is not None:
        through = Article.programmes.through
        through.objects.bulk_create(through(article_id=a.pk, programme_id=programme.pk) for a in articles)
    if organization is not None:
        through = Article.organizations.through
        through.objects.bulk_create(through(article_id=a.pk, organization_id=organization.pk) for a in articles)
    return articles
