import datetime

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Review
from tests.factories import VN, ProgrammeFactory, ReviewFactory


@pytest.mark.django_db
class AdminDashboardTests:
    @time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=VN), tick=False)
    def test_dashboard_lists_programmes_ending_soon_and_expired_ones_without_final_review(self, client, superuser):
        ProgrammeFactory(title="Kết thúc cuối năm nay", start_year=2023, end_year=2026)
        ProgrammeFactory(title="Còn dài hạn", start_year=2023, end_year=2030)
        ProgrammeFactory(title="Hết hạn chưa tổng kết", start_year=2019, end_year=2022)
        reviewed = ProgrammeFactory(title="Hết hạn đã tổng kết", start_year=2018, end_year=2021)
        ReviewFactory(programme=reviewed, kind=Review.Kind.FINAL, date=datetime.date(2022, 2, 1))
        client.force_login(superuser)
        body = client.get(reverse("admin:index")).content.decode()
        ending = body.split('id="dashboard-ending-soon"')[1].split("</ul>")[0]
        missing = body.split('id="dashboard-missing-review"')[1].split("</ul>")[0]
        assert "Kết thúc cuối năm nay" in ending
        assert "Còn dài hạn" not in ending
        assert "Hết hạn chưa tổng kết" in missing
        assert "Hết hạn đã tổng kết" not in missing

    @time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=VN), tick=False)
    def test_dashboard_says_so_when_nothing_needs_attention(self, client, superuser):
        ProgrammeFactory(start_year=2023, end_year=2030)
        client.force_login(superuser)
        body = client.get(reverse("admin:index")).content.decode()
        assert 'id="dashboard-ending-soon-empty"' in body
        assert 'id="dashboard-missing-review-empty"' in body

    def test_admin_speaks_vietnamese(self, client, superuser):
        client.force_login(superuser)
        body = client.get(reverse("admin:index")).content.decode()
        assert "Quản trị Cổng thông tin Khuyến học" in body
        assert "Bảng điều khiển" in body
