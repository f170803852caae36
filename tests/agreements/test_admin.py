import datetime

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Commitment, Party, Programme, Signatory
from tests.factories import VN, OrganizationFactory, ProgrammeFactory

ADD_URL = reverse("admin:agreements_programme_add")


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def programme_post(*, parties, signatories, commitments, **fields):
    data = {
        "title": "Chương trình phối hợp hoạt động về công tác khuyến học giai đoạn 2019-2022",
        "slug": "chuong-trinh-phoi-hop-hoat-dong-ve-cong-tac-khuyen-hoc-giai-doan-2019-2022",
        "reference_number": "",
        "signing_date": "26/03/2019",
        "venue": "Trường THPT Ngô Quyền",
        "start_year": "2019",
        "end_year": "2022",
        "summary": "",
        "objectives": "",
        **fields,
    }
    data |= inline("parties", parties)
    data |= inline("signatories", signatories)
    data |= inline("commitments", commitments)
    data |= inline("reviews", [])
    return data


@pytest.fixture
def two_organizations():
    return OrganizationFactory(name="Hội Khuyến học thành phố"), OrganizationFactory(name="Thành đoàn Hải Phòng")


@pytest.mark.django_db
class ProgrammeAdminSaveTests:
    def test_programme_is_saved_with_parties_signatories_and_commitments_together(
        self, client, superuser, two_organizations
    ):
        hkh, doan = two_organizations
        client.force_login(superuser)
        data = programme_post(
            parties=[
                {"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0},
                {"organization": doan.pk, "role": Party.Role.PARTNER, "order": 1},
            ],
            signatories=[
                {"name": "Nguyễn Văn An", "position": "Chủ tịch Hội", "organization": hkh.pk, "order": 0},
                {"name": "Trần Thị Bình", "position": "Bí thư Thành đoàn", "organization": doan.pk, "order": 1},
            ],
            commitments=[{"number": n, "title": f"Nội dung {n}", "description": ""} for n in range(1, 5)],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.context["errors"] if response.context else response
        programme = Programme.objects.get()
        assert programme.parties.count() == 2
        assert programme.signatories.count() == 2
        assert list(programme.commitments.values_list("number", flat=True)) == [1, 2, 3, 4]

    def test_a_bad_signatory_leaves_no_programme_and_no_party_behind(self, client, superuser, two_organizations):
        hkh, _doan = two_organizations
        stranger = OrganizationFactory(name="Công an thành phố")
        client.force_login(superuser)
        data = programme_post(
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[{"name": "Lê Văn C", "position": "Giám đốc", "organization": stranger.pk, "order": 0}],
            commitments=[{"number": 1, "title": "Tuyên truyền", "description": ""}],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "không phải là bên tham gia của chương trình" in response.content.decode()
        assert Programme.objects.count() == 0
        assert Party.objects.count() == 0
        assert Signatory.objects.count() == 0
        assert Commitment.objects.count() == 0
        # The staff member's typing is still on the page.
        assert "Lê Văn C" in response.content.decode()

    def test_a_signatory_for_a_party_added_on_the_same_page_of_an_existing_programme_is_accepted(
        self, client, superuser, two_organizations
    ):
        hkh, doan = two_organizations
        programme = ProgrammeFactory()
        Party.objects.create(programme=programme, organization=hkh, role=Party.Role.LEAD)
        client.force_login(superuser)
        data = programme_post(
            title=programme.title,
            slug=programme.slug,
            parties=[],
            signatories=[{"name": "Trần Thị Bình", "position": "Bí thư", "organization": doan.pk, "order": 0}],
            commitments=[],
        )
        existing = Party.objects.get()
        data |= inline(
            "parties",
            [
                {"id": existing.pk, "programme": programme.pk, "organization": hkh.pk, "role": "chu_tri", "order": 0},
                {"organization": doan.pk, "role": "phoi_hop", "order": 1},
            ],
            initial=1,
        )
        response = client.post(reverse("admin:agreements_programme_change", args=[programme.pk]), data)
        assert response.status_code == 302
        assert programme.signatories.get().organization == doan

    def test_same_organization_twice_is_refused_with_a_message(self, client, superuser, two_organizations):
        hkh, _doan = two_organizations
        client.force_login(superuser)
        data = programme_post(
            parties=[
                {"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0},
                {"organization": hkh.pk, "role": Party.Role.PARTNER, "order": 1},
            ],
            signatories=[],
            commitments=[],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Một tổ chức chỉ được là một bên của chương trình một lần." in response.content.decode()
        assert Programme.objects.count() == 0

    def test_a_programme_without_parties_is_refused(self, client, superuser):
        client.force_login(superuser)
        response = client.post(ADD_URL, programme_post(parties=[], signatories=[], commitments=[]))
        assert response.status_code == 200
        assert "Chương trình phải có ít nhất một bên tham gia." in response.content.decode()
        assert Programme.objects.count() == 0

    def test_duplicate_commitment_numbers_are_refused(self, client, superuser, two_organizations):
        hkh, _doan = two_organizations
        client.force_login(superuser)
        data = programme_post(
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[],
            commitments=[
                {"number": 1, "title": "A", "description": ""},
                {"number": 1, "title": "B", "description": ""},
            ],
        )
        response = client.post(ADD_URL, data)
        assert "Mỗi nội dung phối hợp cần một số thứ tự riêng." in response.content.decode()
        assert Programme.objects.count() == 0

    def test_period_end_before_start_is_shown_beside_the_field(self, client, superuser, two_organizations):
        hkh, _doan = two_organizations
        client.force_login(superuser)
        data = programme_post(
            start_year="2022",
            end_year="2019",
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[],
            commitments=[],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Năm kết thúc không được trước năm bắt đầu." in response.content.decode()
        assert Programme.objects.count() == 0

    def test_signed_document_must_really_be_a_pdf(self, client, superuser, two_organizations):
        from django.core.files.uploadedfile import SimpleUploadedFile

        hkh, _doan = two_organizations
        client.force_login(superuser)
        data = programme_post(
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}], signatories=[], commitments=[]
        )
        data["document"] = SimpleUploadedFile("van-ban.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
        response = client.post(ADD_URL, data)
        assert response.status_code == 200
        assert "Văn bản ký kết phải là tệp PDF." in response.content.decode()
        assert Programme.objects.count() == 0


@pytest.mark.django_db
class ProgrammePublishPermissionTests:
    def test_an_editor_cannot_publish_a_programme_by_forging_the_field(self, client, editor, two_organizations):
        hkh, _doan = two_organizations
        client.force_login(editor)
        data = programme_post(
            is_published="on",
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[],
            commitments=[],
        )
        response = client.post(ADD_URL, data)
        assert response.status_code == 403
        assert "Bạn không có quyền sửa các mục: đã công bố." in response.content.decode()
        assert not Programme.objects.exists()

    def test_a_publisher_can_publish_a_programme(self, client, publisher, two_organizations):
        hkh, _doan = two_organizations
        client.force_login(publisher)
        data = programme_post(
            is_published="on",
            parties=[{"organization": hkh.pk, "role": Party.Role.LEAD, "order": 0}],
            signatories=[],
            commitments=[],
        )
        assert client.post(ADD_URL, data).status_code == 302
        assert Programme.objects.get().is_published is True


@pytest.mark.django_db
class ProgrammeChangelistTests:
    def test_changelist_shows_status_period_and_parties_with_a_constant_number_of_queries(
        self, client, superuser, django_assert_max_num_queries
    ):
        client.force_login(superuser)
        for year in (2019, 2023, 2027):
            programme = ProgrammeFactory(start_year=year, end_year=year + 3)
            Party.objects.create(programme=programme, organization=OrganizationFactory(name=f"Đoàn {year}"))
        url = reverse("admin:agreements_programme_changelist")
        with django_assert_max_num_queries(12):
            response = client.get(url)
        body = response.content.decode()
        assert "Đã hết hiệu lực" in body and "Sắp hiệu lực" in body
        assert "2019–2022" in body
        assert "Đoàn 2023" in body

    @pytest.mark.parametrize(
        ("value", "listed"),
        [("het_hieu_luc", {"Cũ"}), ("dang_hieu_luc", {"Đang chạy"}), ("sap_dien_ra", {"Tương lai"})],
    )
    def test_status_filter_lists_only_the_programmes_with_that_status(self, client, superuser, value, listed):
        client.force_login(superuser)
        ProgrammeFactory(title="Cũ", start_year=2015, end_year=2016)
        ProgrammeFactory(title="Đang chạy", start_year=2023, end_year=2025)
        ProgrammeFactory(title="Tương lai", start_year=2090, end_year=2095)
        with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN), tick=False):
            response = client.get(reverse("admin:agreements_programme_changelist"), {"tinh_trang": value})
        assert {programme.title for programme in response.context["cl"].result_list} == listed

    @pytest.mark.parametrize(
        "params", [{"nam": "abc", "dia_ban": "x"}, {"nam": "²"}, {"dia_ban": "²"}, {"nam": "9" * 30}]
    )
    def test_malformed_year_or_region_filter_is_ignored_not_an_error(self, client, superuser, params):
        client.force_login(superuser)
        ProgrammeFactory(title="Cũ", start_year=2015, end_year=2016)
        ProgrammeFactory(title="Tương lai", start_year=2090, end_year=2095)
        response = client.get(reverse("admin:agreements_programme_changelist"), params)
        assert response.status_code == 200
        assert {programme.title for programme in response.context["cl"].result_list} == {"Cũ", "Tương lai"}


@pytest.mark.django_db
class DeleteConfirmationTests:
    def test_the_delete_confirmation_lists_parts_in_vietnamese_without_the_many_to_many_link_rows(
        self, client, superuser
    ):
        from tests.factories import filled_programme

        programme = filled_programme()
        client.force_login(superuser)
        page = client.get(reverse("admin:agreements_programme_delete", args=[programme.pk])).content.decode()
        assert "Nội dung phối hợp thứ 1" in page  # the commitments that go with it are still listed
        assert "relationship" not in page
        assert "object (" not in page
        # The organizations named as responsible are not deleted: only their links go.
        assert Commitment.responsible.through.objects.filter(commitment__programme=programme).count() == 2
