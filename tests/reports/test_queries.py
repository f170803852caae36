"""What a report costs in queries does not grow with the data: the same count for the known data
and for the known data plus forty more programmes with parties, commitments, progress and articles."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import CommitmentProgress, ProgressStatus
from reports import period_document, programme_document
from reports.periods import Period
from tests.factories import VN, ArticleFactory, CommitmentFactory, OrganizationFactory, programme_with_parties
from tests.reports.known_data import ISSUED_ON

pytestmark = pytest.mark.django_db


def add_programmes(count):
    for index in range(count):
        partner = OrganizationFactory(kind="doan_thanh_nien")
        programme = programme_with_parties(
            [OrganizationFactory(), partner], start_year=2025, end_year=2026, signing_date=datetime.date(2026, 2, 1)
        )
        for number in (1, 2, 3):
            commitment = CommitmentFactory(programme=programme, number=number)
            CommitmentProgress.objects.create(commitment=commitment, year=2026, half=1, status=ProgressStatus.DONE)
        article = ArticleFactory(published_at=datetime.datetime(2026, 3, 1, 8, index % 60, tzinfo=VN))
        article.programmes.add(programme)


def queries(build):
    with CaptureQueriesContext(connection) as captured:
        build()
    return len(captured.captured_queries)


def test_the_period_report_costs_the_same_queries_at_any_size(known):
    def build():
        period_document.build(Period.year(2026), region=known["regions"]["hai_phong"], issued_on=ISSUED_ON)

    small = queries(build)
    add_programmes(40)
    large = queries(build)
    assert small == large == 10


def test_the_programme_report_costs_the_same_queries_at_any_size(known):
    programme = known["programmes"]["A"]

    def build():
        programme_document.build(programme, issued_on=ISSUED_ON)

    small = queries(build)
    for number in range(4, 30):
        commitment = CommitmentFactory(programme=programme, number=number)
        CommitmentProgress.objects.create(commitment=commitment, year=2026, half=1, status=ProgressStatus.DONE)
        ArticleFactory(published_at=datetime.datetime(2026, 3, 2, 8, number, tzinfo=VN)).programmes.add(programme)
    assert queries(build) == small
