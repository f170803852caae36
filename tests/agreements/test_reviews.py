"""Reviews (sơ kết / tổng kết) with an assessment per commitment: entered in the admin, shown on the
programme's page, and followed on the dashboard (a sơ kết due, a tổng kết missing)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agreements.models import ProgressStatus, Review, ReviewAssessment
from tests.factories import (
    VN,
    ArticleFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
    ReviewAssessmentFactory,
    ReviewFactory,
    programme_with_parties,
    uploaded_pdf,
)
from tests.security.forms import form_data

ADD_URL = reverse("admin:agreements_review_add")
FORM_ID = "review_form"


@pytest.fixture
def programme():
    lead = OrganizationFactory(name="Hội Khuyến học tỉnh Thanh Hóa")
    partner = OrganizationFactory(name="Ủy ban MTTQ tỉnh Thanh Hóa")
    programme = programme_with_parties([lead, partner], start_year=2022, end_year=2026)
    CommitmentFactory(programme=programme, number=1, title="Xây dựng mô hình học tập")
    CommitmentFactory(programme=programme, number=2, title="Xây dựng quỹ khuyến học")
    return programme


def add_page(client, programme):
    page = client.get(ADD_URL, {"programme": programme.pk})
    assert page.status_code == 200
    return page, form_data(page.content, FORM_ID)


def review_data(data, **changes):
    return data | {"kind": Review.Kind.MIDTERM, "date": "12/04/2024", "venue": "Hội trường tỉnh"} | changes


@pytest.mark.django_db
class ReviewAdminTests:
    def test_the_add_page_of_a_programme_has_a_row_for_each_commitment(self, client, editor, programme):
        client.force_login(editor)
        _, data = add_page(client, programme)
        assert data["programme"] == str(programme.pk)
        assert data["assessments-TOTAL_FORMS"] == "2"
        assert {data["assessments-0-commitment"], data["assessments-1-commitment"]} == {
            str(c.pk) for c in programme.commitments.all()
        }

    def test_an_editor_records_a_review_with_assessments_and_participants(self, client, editor, programme):
        client.force_login(editor)
        _, data = add_page(client, programme)
        parties = [p.organization.pk for p in programme.parties.all()]
        data = review_data(
            data,
            participants=[str(pk) for pk in parties],
            conclusions="Các bên phối hợp tốt.",
            next_steps="Nhân rộng mô hình.",
            report_document=uploaded_pdf("bao-cao.pdf", text="Bao cao"),
            **{"assessments-0-status": ProgressStatus.DONE, "assessments-0-text": "Vượt chỉ tiêu."},
        )
        response = client.post(f"{ADD_URL}?programme={programme.pk}", data)
        assert response.status_code == 302
        review = Review.objects.get()
        assert sorted(review.participants.values_list("pk", flat=True)) == sorted(parties)
        assert review.report_document.name.endswith(".pdf")
        # The second row, left without a status, is not an assessment.
        assert [(a.commitment.number, a.status, a.text) for a in review.assessments.all()] == [
            (1, ProgressStatus.DONE, "Vượt chỉ tiêu.")
        ]

    def test_a_participant_that_is_not_a_party_is_told_and_nothing_saved(self, client, editor, programme):
        outsider = OrganizationFactory(name="Hội Nông dân tỉnh Hà Nam")
        client.force_login(editor)
        _, data = add_page(client, programme)
        response = client.post(ADD_URL, review_data(data, participants=[str(outsider.pk)]))
        assert response.status_code == 200
        assert "“Hội Nông dân tỉnh Hà Nam” không phải là bên tham gia của chương trình" in response.content.decode()
        assert not Review.objects.exists()

    def test_an_assessment_of_another_programmes_commitment_is_refused(self, client, editor, programme):
        other = CommitmentFactory(programme=ProgrammeFactory(), number=1, title="Nội dung của chương trình khác")
        review = ReviewFactory(programme=programme, date=datetime.date(2024, 4, 12))
        url = reverse("admin:agreements_review_change", args=[review.pk])
        client.force_login(editor)
        data = form_data(client.get(url).content, FORM_ID)
        data |= {"assessments-0-commitment": str(other.pk), "assessments-0-status": ProgressStatus.DONE}
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode() or "thuộc chương trình khác" in (
            response.content.decode()
        )
        assert not ReviewAssessment.objects.exists()

    def test_the_model_refuses_an_assessment_of_another_programme(self, programme):
        review = ReviewFactory(programme=programme)
        other = CommitmentFactory(programme=ProgrammeFactory(), number=1)
        with pytest.raises(Exception, match="thuộc chương trình khác"):
            ReviewAssessment(review=review, commitment=other, status=ProgressStatus.DONE).full_clean()

    def test_a_commitment_is_assessed_once_per_review(self, client, editor, programme):
        client.force_login(editor)
        _, data = add_page(client, programme)
        first = data["assessments-0-commitment"]
        data = review_data(
            data,
            **{
                "assessments-0-status": ProgressStatus.DONE,
                "assessments-1-commitment": first,
                "assessments-1-status": ProgressStatus.IN_PROGRESS,
            },
        )
        response = client.post(f"{ADD_URL}?programme={programme.pk}", data)
        assert response.status_code == 200
        assert "chỉ được đánh giá một lần" in response.content.decode()
        assert not Review.objects.exists()


@pytest.mark.django_db
class PublicReviewTests:
    def test_the_programme_page_shows_the_reviews_results(self, client, programme):
        review = ReviewFactory(
            programme=programme,
            date=datetime.date(2024, 4, 12),
            venue="Hội trường Ủy ban MTTQ tỉnh",
            summary="Sau hai năm, các bên đánh giá kết quả.",
            conclusions="Mô hình học tập lan rộng.",
            next_steps="Đến năm 2026 mỗi xã có quỹ khuyến học.",
            report_document=uploaded_pdf("bao-cao-so-ket.pdf"),
        )
        review.participants.set([p.organization for p in programme.parties.all()])
        first = programme.commitments.get(number=1)
        ReviewAssessmentFactory(review=review, commitment=first, status=ProgressStatus.DONE, text="Đạt 120%.")
        ArticleFactory(title="Sơ kết hai năm phối hợp", review=review)
        html = client.get(programme.get_absolute_url()).content.decode()
        shown = html.split(f'id="so-ket-{review.pk}"')[1].split("</li>")[0]
        for text in (
            "Hội trường Ủy ban MTTQ tỉnh",
            "Hội Khuyến học tỉnh Thanh Hóa",
            "Ủy ban MTTQ tỉnh Thanh Hóa",
            "1. Xây dựng mô hình học tập",
            "Hoàn thành",
            "Đạt 120%.",
            "Kết luận:</span> Mô hình học tập lan rộng.",
            "Phương hướng tiếp theo:</span> Đến năm 2026 mỗi xã có quỹ khuyến học.",
            "Tải báo cáo sơ kết (PDF)",
            "Sơ kết hai năm phối hợp",
        ):
            assert text in shown, text
        # The assessment is a step of its commitment's timeline too.
        timeline = html.split('class="commitment-timeline')[1].split("</ol>")[0]
        assert "Sơ kết 12/04/2024" in timeline and "Đạt 120%." in timeline


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def midterm_list(body):
    return body.split('id="dashboard-midterm-due"')[1].split("</ul>")[0] if 'id="dashboard-midterm-due"' in body else ""


@pytest.mark.django_db
class DashboardReviewTests:
    @time_machine.travel(datetime.datetime(2024, 10, 15, 9, 0, tzinfo=VN), tick=False)
    def test_a_midterm_review_due_within_90_days_is_listed_until_it_is_held(self, client, superuser):
        middle = ProgrammeFactory(title="Giữa kỳ vào đầu năm 2025", start_year=2023, end_year=2026)  # 1/1/2025
        own_date = ProgrammeFactory(
            title="Sơ kết theo ngày riêng", start_year=2020, end_year=2030, midterm_review_on=datetime.date(2024, 12, 1)
        )
        overdue = ProgrammeFactory(title="Sơ kết quá hạn", start_year=2021, end_year=2025)  # 1/7/2023
        ProgrammeFactory(title="Còn xa mới sơ kết", start_year=2024, end_year=2030)  # 2027
        ProgrammeFactory(title="Không thời hạn", start_year=2020, end_year=None)
        ProgrammeFactory(title="Đã kết thúc", start_year=2015, end_year=2018)

        listed = midterm_list(dashboard(client, superuser))
        assert (
            listed.index("Sơ kết quá hạn")
            < listed.index("Sơ kết theo ngày riêng")
            < listed.index("Giữa kỳ vào đầu năm 2025")
        )
        assert "01/12/2024" in listed and "01/01/2025" in listed
        assert f'?programme={own_date.pk}&amp;kind=so_ket"' in listed
        for absent in ("Còn xa mới sơ kết", "Không thời hạn", "Đã kết thúc"):
            assert absent not in listed

        ReviewFactory(programme=overdue, kind=Review.Kind.MIDTERM, date=datetime.date(2023, 7, 2))
        ReviewFactory(programme=middle, kind=Review.Kind.FINAL, date=datetime.date(2024, 10, 1))
        listed = midterm_list(dashboard(client, superuser))
        assert "Sơ kết quá hạn" not in listed
        assert "Giữa kỳ vào đầu năm 2025" not in listed
        assert "Sơ kết theo ngày riêng" in listed

    @time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN), tick=False)
    def test_nothing_due_says_so(self, client, superuser):
        ProgrammeFactory(start_year=2024, end_year=2030)
        assert 'id="dashboard-midterm-due-empty"' in dashboard(client, superuser)

    @time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN), tick=False)
    def test_holding_a_final_review_closes_the_warning(self, client, superuser):
        ended = ProgrammeFactory(title="Hết hạn chờ tổng kết", start_year=2019, end_year=2022)
        assert "Hết hạn chờ tổng kết" in dashboard(client, superuser).split('id="dashboard-missing-review"')[1]
        ReviewFactory(programme=ended, kind=Review.Kind.FINAL, date=datetime.date(2023, 1, 10))
        assert "Hết hạn chờ tổng kết" not in dashboard(client, superuser)
