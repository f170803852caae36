import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Programme, Review, Signatory
from tests.factories import (
    OrganizationFactory,
    PartyFactory,
    ProgrammeFactory,
    ReviewFactory,
    programme_with_parties,
)

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.django_db
class ProgrammeConstraintTests:
    def test_period_end_before_start_is_refused_by_the_database(self):
        with pytest.raises(IntegrityError):
            ProgrammeFactory(start_year=2022, end_year=2019)

    def test_period_end_before_start_gives_a_vietnamese_message_beside_the_field(self):
        programme = Programme(title="Chương trình thử", slug="thu", start_year=2022, end_year=2019)
        with pytest.raises(ValidationError) as excinfo:
            programme.full_clean()
        assert excinfo.value.message_dict["end_year"] == ["Năm kết thúc không được trước năm bắt đầu."]

    def test_open_ended_period_is_allowed(self):
        assert ProgrammeFactory(start_year=2020, end_year=None).pk

    def test_an_organization_is_a_party_once_per_programme(self):
        party = PartyFactory()
        with pytest.raises(IntegrityError):
            PartyFactory(programme=party.programme, organization=party.organization)

    def test_database_refuses_a_signatory_whose_organization_is_not_a_party(self):
        programme = programme_with_parties([OrganizationFactory()])
        stranger = OrganizationFactory()
        connection = transaction.get_connection()
        with pytest.raises(IntegrityError), transaction.atomic():
            Signatory.objects.create(programme=programme, name="Trần Văn B", position="Bí thư", organization=stranger)
            if connection.vendor == "postgresql":
                # The constraint is deferred to commit; the test's transaction never commits, so check now.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_database_accepts_a_signatory_for_a_party(self):
        organization = OrganizationFactory()
        programme = programme_with_parties([organization], signatories=[("Trần Văn B", "Bí thư", organization)])
        assert programme.signatories.get().organization == organization

    def test_programme_slugs_are_unique(self):
        first = ProgrammeFactory(title="Chương trình phối hợp")
        second = ProgrammeFactory(title="Chương trình phối hợp")
        assert first.slug != second.slug
        with pytest.raises(IntegrityError):
            ProgrammeFactory(title="Khác", slug=first.slug)


@pytest.mark.django_db
class ProgrammeStatusTests:
    @pytest.mark.parametrize(
        ("start", "end", "status"),
        [
            (2019, 2022, Programme.Status.EXPIRED),
            (2023, 2026, Programme.Status.ACTIVE),
            (2026, 2026, Programme.Status.ACTIVE),
            (2024, None, Programme.Status.ACTIVE),
            (2027, 2030, Programme.Status.UPCOMING),
        ],
    )
    def test_status_is_derived_from_the_period_and_today(self, start, end, status):
        programme = ProgrammeFactory(start_year=start, end_year=end)
        assert programme.status(today=TODAY) == status
        assert list(Programme.objects.with_status(status, today=TODAY)) == [programme]

    def test_dashboard_lists_programmes_ending_within_ninety_days(self):
        ending = ProgrammeFactory(start_year=2023, end_year=2026)
        ProgrammeFactory(start_year=2023, end_year=2027)
        ProgrammeFactory(start_year=2019, end_year=2022)
        assert list(Programme.objects.ending_within(90, today=TODAY)) == [ending]
        assert list(Programme.objects.ending_within(90, today=datetime.date(2026, 9, 1))) == []

    def test_expired_programmes_without_final_review_are_listed(self):
        missing = ProgrammeFactory(start_year=2019, end_year=2022)
        ReviewFactory(programme=missing, kind=Review.Kind.MIDTERM)
        reviewed = ProgrammeFactory(start_year=2018, end_year=2021)
        ReviewFactory(programme=reviewed, kind=Review.Kind.FINAL, date=datetime.date(2022, 1, 10))
        expired = Programme.objects.expired(today=TODAY).without_final_review()
        assert list(expired) == [missing]
