import datetime
import re

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from agreements.models import Party, Review
from news.models import Article
from tests.factories import (
    VN,
    ArticleFactory,
    CommitmentFactory,
    OrganizationFactory,
    ProgrammeFactory,
    RegionFactory,
    ReviewFactory,
    programme_with_parties,
    uploaded_png,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:programme-list")
JUNE_2024 = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN)


def titles(response):
    return [programme.title for programme in response.context["page_obj"]]


@pytest.fixture
def june_2024():
    """Today is 1 June 2024 in Vietnam, for the views and for the test."""
    with time_machine.travel(JUNE_2024, tick=False):
        yield


@pytest.fixture
def periods():
    """Four programmes whose statuses on 1 June 2024 are all different or telling."""
    return {
        "expired": ProgrammeFactory(title="Giai đoạn 2019-2022", start_year=2019, end_year=2022),
        "active": ProgrammeFactory(title="Giai đoạn 2023-2026", start_year=2023, end_year=2026),
        "upcoming": ProgrammeFactory(title="Giai đoạn 2025-2027", start_year=2025, end_year=2027),
        "open": ProgrammeFactory(title="Từ 2020, không thời hạn", start_year=2020, end_year=None),
    }


@pytest.mark.usefixtures("june_2024")
class ProgrammeListFilterTests:
    def test_without_filters_every_published_programme_is_listed(self, client, periods):
        response = client.get(LIST_URL)

        assert response.status_code == 200
        assert sorted(titles(response)) == sorted(p.title for p in periods.values())
        assert "Có 4 chương trình." in response.text

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            ("het_hieu_luc", ["Giai đoạn 2019-2022"]),
            ("dang_hieu_luc", ["Giai đoạn 2023-2026", "Từ 2020, không thời hạn"]),
            ("sap_dien_ra", ["Giai đoạn 2025-2027"]),
        ],
    )
    def test_status_filter_follows_today(self, client, periods, status, expected):
        response = client.get(LIST_URL, {"status": status})

        assert sorted(titles(response)) == sorted(expected)
        assert "phù hợp điều kiện lọc" in response.text

    def test_year_in_force_filter(self, client, periods):
        response = client.get(LIST_URL, {"year": "2021"})

        assert sorted(titles(response)) == ["Giai đoạn 2019-2022", "Từ 2020, không thời hạn"]

    def test_year_in_force_includes_open_ended_programmes_far_ahead(self, client, periods):
        response = client.get(LIST_URL, {"year": "2040"})

        assert titles(response) == ["Từ 2020, không thời hạn"]

    def test_filters_combine(self, client, periods):
        response = client.get(LIST_URL, {"status": "dang_hieu_luc", "year": "2021"})

        assert titles(response) == ["Từ 2020, không thời hạn"]

    def test_status_is_written_out_next_to_each_programme(self, client, periods):
        response = client.get(LIST_URL)

        for label in ("Đã hết hiệu lực", "Đang hiệu lực", "Sắp hiệu lực"):
            assert f">{label}</span>" in response.text


class ProgrammeStatusAtYearBoundaryTests:
    """Status changes at local midnight on 1 January (Asia/Ho_Chi_Minh), not at UTC midnight."""

    def test_last_evening_of_the_end_year_is_still_active(self, client):
        ProgrammeFactory(title="Giai đoạn 2019-2022", start_year=2019, end_year=2022)
        with time_machine.travel(datetime.datetime(2022, 12, 31, 23, 30, tzinfo=VN), tick=False):
            response = client.get(LIST_URL, {"status": "dang_hieu_luc"})

        assert titles(response) == ["Giai đoạn 2019-2022"]

    def test_first_minutes_of_the_new_year_in_vietnam_are_expired_though_utc_is_still_in_december(self, client):
        ProgrammeFactory(title="Giai đoạn 2019-2022", start_year=2019, end_year=2022)
        with time_machine.travel(datetime.datetime(2023, 1, 1, 0, 30, tzinfo=VN), tick=False):
            expired = client.get(LIST_URL, {"status": "het_hieu_luc"})
            active = client.get(LIST_URL, {"status": "dang_hieu_luc"})

        assert titles(expired) == ["Giai đoạn 2019-2022"]
        assert titles(active) == []
        assert "Không có chương trình nào phù hợp điều kiện lọc" in active.text

    def test_upcoming_programme_becomes_active_on_its_start_year(self, client):
        ProgrammeFactory(title="Giai đoạn 2025-2027", start_year=2025, end_year=2027)
        with time_machine.travel(datetime.datetime(2024, 12, 31, 12, 0, tzinfo=VN), tick=False):
            before = client.get(LIST_URL, {"status": "sap_dien_ra"})
        with time_machine.travel(datetime.datetime(2025, 1, 1, 12, 0, tzinfo=VN), tick=False):
            after = client.get(LIST_URL, {"status": "dang_hieu_luc"})

        assert titles(before) == titles(after) == ["Giai đoạn 2025-2027"]


class ProgrammeListRegionAndOrganizationTests:
    @pytest.fixture
    def setup(self):
        hai_phong, ha_nam = RegionFactory(name="Hải Phòng"), RegionFactory(name="Hà Nam")
        hkh = OrganizationFactory(name="Hội Khuyến học thành phố", region=hai_phong)
        doan = OrganizationFactory(name="Thành đoàn Hải Phòng", region=hai_phong)
        ha_nam_hkh = OrganizationFactory(name="Hội Khuyến học tỉnh Hà Nam", region=ha_nam)
        both = programme_with_parties([hkh, doan], title="Hải Phòng: hai bên cùng địa bàn")
        mixed = programme_with_parties([ha_nam_hkh, hkh], title="Hà Nam và Hải Phòng")
        return {"hai_phong": hai_phong, "ha_nam": ha_nam, "hkh": hkh, "doan": doan, "both": both, "mixed": mixed}

    def test_region_filter_lists_programmes_with_a_party_from_the_region_once(self, client, setup):
        response = client.get(LIST_URL, {"region": setup["hai_phong"].slug})

        assert sorted(titles(response)) == ["Hà Nam và Hải Phòng", "Hải Phòng: hai bên cùng địa bàn"]

    def test_region_filter_excludes_programmes_without_a_party_there(self, client, setup):
        response = client.get(LIST_URL, {"region": setup["ha_nam"].slug})

        assert titles(response) == ["Hà Nam và Hải Phòng"]

    def test_organization_filter_lists_its_programmes(self, client, setup):
        response = client.get(LIST_URL, {"organization": setup["doan"].pk})

        assert titles(response) == ["Hải Phòng: hai bên cùng địa bàn"]

    def test_organization_choices_are_the_parties_of_visible_programmes(self, client, setup):
        hidden_party = OrganizationFactory(name="Chỉ trong chương trình chưa công bố")
        programme_with_parties([hidden_party], is_published=False)
        OrganizationFactory(name="Không tham gia chương trình nào")

        choices = client.get(LIST_URL).context["filter_form"].fields["organization"].queryset

        assert sorted(o.name for o in choices) == [
            "Hội Khuyến học thành phố",
            "Hội Khuyến học tỉnh Hà Nam",
            "Thành đoàn Hải Phòng",
        ]

    def test_parties_are_named_in_the_list_with_the_lead_marked(self, client, setup):
        response = client.get(LIST_URL)

        assert "Hội Khuyến học thành phố</a> (chủ trì)" in response.text


class ProgrammeListBadInputTests:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"status": "dang-chay"}, "Tình trạng “dang-chay” không có"),
            ({"year": "hai nghìn"}, "Năm phải là một số có bốn chữ số"),
            ({"year": "99999"}, "Năm phải từ 2100 trở về trước"),
            ({"year": "12"}, "Năm phải từ 1945 trở về sau"),
            ({"region": "khong-co-dia-ban"}, "Không tìm thấy địa bàn này"),
            ({"organization": "abc"}, "Không tìm thấy tổ chức này"),
            ({"organization": "99999999999999999999999999"}, "Không tìm thấy tổ chức này"),
            ({"organization": "-1"}, "Không tìm thấy tổ chức này"),
            ({"region": "a\x00b"}, "Không tìm thấy địa bàn này"),
            ({"organization": "1\x00"}, "Không tìm thấy tổ chức này"),
        ],
    )
    def test_malformed_filter_gives_the_normal_page_with_a_message(self, client, params, message):
        ProgrammeFactory(title="Vẫn được liệt kê")

        response = client.get(LIST_URL, params)

        assert response.status_code == 200
        assert message in response.text
        assert "đã được bỏ qua" in response.text
        assert titles(response) == ["Vẫn được liệt kê"]

    @pytest.mark.usefixtures("june_2024")
    def test_valid_filters_still_apply_when_another_is_malformed(self, client, periods):
        response = client.get(LIST_URL, {"status": "het_hieu_luc", "year": "abc"})

        assert titles(response) == ["Giai đoạn 2019-2022"]
        assert "Năm phải là một số" in response.text

    @pytest.mark.parametrize(
        ("page", "message", "shown"),
        [
            ("abc", "Số trang “abc” không hợp lệ; đang hiện trang 1.", 1),
            ("0", "Không có trang 0; đang hiện trang 1.", 1),
            ("-3", "Không có trang -3; đang hiện trang 1.", 1),
            ("99", "Không có trang 99; đang hiện trang cuối (trang 2).", 2),
            ("9" * 5000, "không hợp lệ; đang hiện trang 1.", 1),
            ("1.5", "Số trang “1.5” không hợp lệ", 1),
        ],
    )
    def test_bad_page_number_shows_a_real_page_with_a_message(self, client, page, message, shown):
        ProgrammeFactory.create_batch(25)

        response = client.get(LIST_URL, {"page": page})

        assert response.status_code == 200
        assert message in response.text
        assert response.context["page_obj"].number == shown

    def test_last_page_keyword_and_good_numbers_give_no_message(self, client):
        ProgrammeFactory.create_batch(25)

        last = client.get(LIST_URL, {"page": "last"})
        second = client.get(LIST_URL, {"page": "2"})

        assert last.context["page_obj"].number == second.context["page_obj"].number == 2
        assert "alert-warning" not in last.text and "alert-warning" not in second.text
        assert len(second.context["page_obj"]) == 5

    def test_pagination_links_keep_the_filters(self, client):
        ProgrammeFactory.create_batch(25, start_year=2019, end_year=2022)

        response = client.get(LIST_URL, {"year": "2020"})

        assert 'href="?year=2020&amp;page=2"' in response.text


class ProgrammeVisibilityTests:
    def test_anonymous_visitors_do_not_see_unpublished_programmes(self, client):
        draft = ProgrammeFactory(title="Bản thảo chương trình", is_published=False)
        ProgrammeFactory(title="Đã công bố")

        assert titles(client.get(LIST_URL)) == ["Đã công bố"]
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_staff_see_unpublished_programme_with_the_banner(self, client, editor):
        draft = ProgrammeFactory(title="Bản thảo chương trình", is_published=False)
        client.force_login(editor)

        response = client.get(draft.get_absolute_url())

        assert response.status_code == 200
        assert "CHƯA XUẤT BẢN" in response.text
        assert '<meta name="robots" content="noindex">' in response.text
        assert "Bản thảo chương trình" in titles(client.get(LIST_URL))

    def test_published_programme_has_no_banner(self, client, editor):
        programme = ProgrammeFactory()
        client.force_login(editor)

        assert "CHƯA XUẤT BẢN" not in client.get(programme.get_absolute_url()).text

    def test_unknown_id_is_not_found(self, client):
        assert client.get(reverse("agreements:programme-detail", kwargs={"pk": 987654, "slug": "x"})).status_code == 404


class ProgrammeAddressTests:
    def test_old_slug_redirects_permanently_to_the_current_address(self, client):
        programme = ProgrammeFactory(title="Tên cũ")
        old_url = programme.get_absolute_url()
        programme.slug = "ten-moi"
        programme.save()

        response = client.get(old_url)

        assert response.status_code == 301
        assert response["Location"] == f"/chuong-trinh/{programme.pk}-ten-moi/"

    def test_redirect_keeps_the_query_string(self, client):
        programme = ProgrammeFactory()

        response = client.get(f"/chuong-trinh/{programme.pk}-sai-duong-dan/?utm_source=zalo")

        assert response.status_code == 301
        assert response["Location"] == f"{programme.get_absolute_url()}?utm_source=zalo"

    def test_unpublished_programme_is_not_revealed_by_the_redirect(self, client):
        draft = ProgrammeFactory(is_published=False)

        assert client.get(f"/chuong-trinh/{draft.pk}-sai/").status_code == 404


class ProgrammeDetailTests:
    @pytest.fixture
    def programme(self):
        hkh = OrganizationFactory(name="Hội Khuyến học thành phố", short_name="Hội Khuyến học TP", logo=uploaded_png())
        doan = OrganizationFactory(name="Thành đoàn Hải Phòng")
        programme = programme_with_parties(
            [hkh, doan],
            signatories=[
                ("Nguyễn Văn An", "Chủ tịch Hội Khuyến học thành phố", hkh),
                ("Trần Thị Bình", "Bí thư Thành đoàn", doan),
            ],
            title="Chương trình phối hợp khuyến học giai đoạn 2019-2022",
            reference_number="05/CTPH-HKH-TĐ",
            signing_date=datetime.date(2019, 3, 26),
            venue="Trường THPT Ngô Quyền",
        )
        first = CommitmentFactory(programme=programme, number=1, title="Tuyên truyền về khuyến học")
        first.responsible.add(doan)
        CommitmentFactory(programme=programme, number=2, title="Xây dựng quỹ khuyến học")
        return programme

    def test_page_shows_the_record(self, client, programme):
        response = client.get(programme.get_absolute_url())
        text = response.text

        assert response.status_code == 200
        for expected in (
            "Chương trình phối hợp khuyến học giai đoạn 2019-2022",
            "05/CTPH-HKH-TĐ",
            "Thứ ba, 26/03/2019",
            "Trường THPT Ngô Quyền",
            "2019–2022",
        ):
            assert expected in text

    @pytest.mark.usefixtures("june_2024")
    def test_status_is_written_out(self, client, programme):
        assert ">Đã hết hiệu lực</span>" in client.get(programme.get_absolute_url()).text

    def test_open_ended_period_is_said_in_words(self, client):
        programme = ProgrammeFactory(start_year=2020, end_year=None)

        assert "Từ năm 2020, không thời hạn" in client.get(programme.get_absolute_url()).text

    def test_parties_with_logos_and_roles(self, client, programme):
        text = client.get(programme.get_absolute_url()).text

        assert re.search(
            r'<img class="org-logo org-logo-64" src="/media/logos/[^"]+" alt="Biểu trưng Hội Khuyến học TP" '
            r'width="64" height="64"',
            text,
        )
        assert re.search(r'role-chu_tri">Chủ trì<.*Thành đoàn Hải Phòng.*role-phoi_hop">Phối hợp<', text, re.S)

    def test_signatories_table_in_order(self, client, programme):
        text = client.get(programme.get_absolute_url()).text

        assert re.search(
            r'<td data-label="Họ và tên">Nguyễn Văn An</td>'
            r'<td data-label="Chức vụ">Chủ tịch Hội Khuyến học thành phố</td>'
            r'<td data-label="Thay mặt"><a [^>]+>Hội Khuyến học TP</a></td>'
            r'.*<td data-label="Họ và tên">Trần Thị Bình</td><td data-label="Chức vụ">Bí thư Thành đoàn</td>',
            text,
            re.S,
        )

    def test_commitments_are_numbered_with_their_responsible_parties(self, client, programme):
        text = client.get(programme.get_absolute_url()).text

        assert '<li value="1"><span class="fw-semibold">Tuyên truyền về khuyến học</span>' in text
        assert '<li value="2"><span class="fw-semibold">Xây dựng quỹ khuyến học</span>' in text
        assert "Bên thực hiện: Thành đoàn Hải Phòng" in text

    def test_reviews_with_kind_date_summary_and_published_report(self, client, programme):
        midterm = ReviewFactory(programme=programme, date=datetime.date(2021, 3, 1), summary="Đạt 90% chỉ tiêu.")
        ReviewFactory(programme=programme, kind=Review.Kind.FINAL, date=datetime.date(2023, 1, 10))
        ArticleFactory(title="Sơ kết hai năm phối hợp", review=midterm)
        ArticleFactory(title="Bản nháp về sơ kết", review=midterm, status=Article.Status.DRAFT, published_at=None)

        text = client.get(programme.get_absolute_url()).text

        assert re.search(r"Sơ kết</span> · Thứ hai, 01/03/2021.*Đạt 90% chỉ tiêu.*Sơ kết hai năm phối hợp", text, re.S)
        assert "Tổng kết</span> · Thứ ba, 10/01/2023" in text
        assert "Bản nháp về sơ kết" not in text

    def test_only_published_articles_are_listed_newest_first(self, client, programme):
        older = ArticleFactory(title="Lễ ký kết", published_at=datetime.datetime(2019, 3, 26, 15, 8, tzinfo=VN))
        newer = ArticleFactory(title="Sơ kết", published_at=datetime.datetime(2021, 3, 1, 8, tzinfo=VN))
        draft = ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT, published_at=None)
        scheduled = ArticleFactory(title="Hẹn giờ", published_at=datetime.datetime(2099, 1, 1, tzinfo=VN))
        for article in (older, newer, draft, scheduled):
            article.programmes.add(programme)

        response = client.get(programme.get_absolute_url())

        assert [a.title for a in response.context["articles"]] == ["Sơ kết", "Lễ ký kết"]
        assert "Bản nháp" not in response.text and "Hẹn giờ" not in response.text
        assert newer.get_absolute_url() in response.text

    def test_signed_document_link_with_its_size(self, client, programme):
        content = b"%PDF-1.4\n" + b"0" * 2048
        programme.document.save("van-ban-ky-ket.pdf", ContentFile(content))

        text = client.get(programme.get_absolute_url()).text

        assert f'href="{programme.document.url}" download' in text
        assert f"Tải văn bản (PDF, {filesizeformat(len(content))})" in text

    def test_missing_document_file_does_not_break_the_page(self, client, programme):
        programme.document.name = "programmes/2019/khong-con.pdf"
        programme.save()

        response = client.get(programme.get_absolute_url())

        assert response.status_code == 200
        assert "Tải văn bản (PDF)" in response.text

    def test_tools_box_links_to_the_print_sheet_the_qr_png_and_the_page_itself(self, client, programme):
        text = client.get(programme.get_absolute_url()).text
        tools = text[text.index('class="programme-tools') :]
        tools = tools[: tools.index("</section>")]

        assert "Tiện ích" in tools
        url = programme.get_absolute_url()
        links = [link for link in re.findall(r'href="([^"]+)"', tools) if link.startswith("/")]
        assert links == [f"{url}in/", f"{url}qr.png", url]  # and the share links (tests/core/test_social_meta.py)
        for link in links:
            assert client.get(link).status_code == 200
        assert f"https://khuyenhoc.example.vn{programme.get_absolute_url()}" in tools

    def test_programme_without_optional_parts_still_renders(self, client):
        programme = ProgrammeFactory(reference_number="", signing_date=None, venue="")

        response = client.get(programme.get_absolute_url())

        assert response.status_code == 200
        assert "Chưa nhập các bên tham gia." in response.text
        assert "Chưa có tin bài." in response.text


@pytest.mark.usefixtures("june_2024")
class ProgrammeTimelineRenderingTests:
    def test_list_draws_an_accessible_svg_timeline(self, client, periods):
        text = client.get(LIST_URL).text

        assert re.search(r'<svg [^>]*role="img" aria-labelledby="timeline-title timeline-desc"', text)
        assert '<title id="timeline-title">Dòng thời gian các chương trình phối hợp</title>' in text
        assert text.count('<g class="timeline-bar') == 4
        assert "Hôm nay Thứ bảy, 01/06/2024" in text
        assert "2023–2026 · Đang hiệu lực" in text

    def test_coordinates_are_not_written_with_a_decimal_comma(self, client, periods):
        text = client.get(LIST_URL).text
        svg = text[text.index("<svg") : text.index("</svg>")]

        assert not re.search(r'\s(x|y|x1|x2|y1|y2|width|height)="[^"]*\d,\d', svg.replace("\n", " "))
        assert re.search(r'x1="\d+\.\d+"', svg)

    def test_open_ended_programme_is_drawn_dashed_with_an_arrow(self, client, periods):
        text = client.get(LIST_URL).text
        open_bar = text[text.index("timeline-bar timeline-dang_hieu_luc timeline-open") :]
        open_bar = open_bar[: open_bar.index("</g>")]

        assert 'stroke-dasharray="5 3"' in open_bar
        assert "<polygon" in open_bar

    def test_no_timeline_when_nothing_matches(self, client):
        response = client.get(LIST_URL, {"status": "sap_dien_ra"})

        assert "<svg" not in response.text
        assert response.context["timeline"] is None

    def test_timeline_draws_the_programmes_of_the_current_page(self, client):
        ProgrammeFactory.create_batch(25)

        first = client.get(LIST_URL).context["timeline"]
        second = client.get(LIST_URL, {"page": 2}).context["timeline"]

        assert len(first.bars) == 20 and len(second.bars) == 5


@pytest.mark.parametrize("role", [Party.Role.LEAD, Party.Role.PARTNER])
def test_role_labels_are_vietnamese(role):
    assert role.label in {"Chủ trì", "Phối hợp"}


@pytest.mark.parametrize("role", [*Party.Role.values, "vai-tro-cu"])
def test_a_role_label_is_what_get_role_display_gives(role):
    party = Party(role=role)
    assert party.role_label == party.get_role_display()
