"""One date style everywhere: "Thứ ba, 26/03/2019" on screen, "ngày 26 tháng 3 năm 2019" on paper."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, Template

from core.templatetags.vi_dates import vi_date, vi_long_date
from tests.factories import ProgrammeFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


def render(source, **context):
    return Template("{% load vi_dates %}" + source).render(Context(context))


class ScreenDateTests:
    def test_a_date_is_written_with_its_weekday(self):
        assert vi_date(datetime.date(2019, 3, 26)) == "Thứ ba, 26/03/2019"

    def test_every_weekday_has_its_vietnamese_name(self):
        week = [vi_date(datetime.date(2024, 6, 3) + datetime.timedelta(days=n)).split(",")[0] for n in range(7)]
        assert week == ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]

    def test_a_moment_is_written_in_vietnams_time_with_hours_and_minutes(self):
        assert vi_date(datetime.datetime(2019, 3, 26, 8, 8, tzinfo=UTC)) == "Thứ ba, 26/03/2019 15:08"

    def test_a_moment_can_show_its_seconds_or_only_its_day(self):
        moment = datetime.datetime(2019, 3, 26, 23, 30, 42, tzinfo=VN)
        assert vi_date(moment, "seconds") == "Thứ ba, 26/03/2019 23:30:42"
        assert vi_date(moment, "date") == "Thứ ba, 26/03/2019"

    def test_the_day_is_the_day_in_viet_nam_not_in_utc(self):
        assert vi_date(datetime.datetime(2019, 3, 25, 20, 0, tzinfo=UTC), "date") == "Thứ ba, 26/03/2019"

    def test_no_date_shows_nothing(self):
        assert render("[{{ missing|vi_date }}]") == "[]"


class PaperDateTests:
    def test_the_month_is_written_without_a_leading_zero(self):
        assert vi_long_date(datetime.date(2019, 3, 26)) == "ngày 26 tháng 3 năm 2019"
        assert vi_long_date(datetime.date(2024, 11, 30)) == "ngày 30 tháng 11 năm 2024"

    def test_small_days_and_january_and_february_keep_the_zero_as_administrative_documents_do(self):
        assert vi_long_date(datetime.date(2020, 2, 5)) == "ngày 05 tháng 02 năm 2020"
        assert vi_long_date(datetime.date(2021, 1, 9)) == "ngày 09 tháng 01 năm 2021"
        assert vi_long_date(datetime.date(2021, 6, 1)) == "ngày 01 tháng 6 năm 2021"

    def test_a_moment_on_paper_can_carry_its_time(self):
        moment = datetime.datetime(2024, 6, 1, 2, 5, tzinfo=UTC)
        assert render('{{ moment|vi_long_date:"time" }}', moment=moment) == "09:05, ngày 01 tháng 6 năm 2024"
        assert render("{{ moment|vi_long_date|capfirst }}", moment=moment) == "Ngày 01 tháng 6 năm 2024"


class TemplatesUseThePairTests:
    def test_no_template_formats_a_date_for_people_by_itself(self):
        # |date:'c' is for machines (<time datetime>, meta tags); people read vi_date or vi_long_date.
        offenders = []
        for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                for match in re.finditer(r"\|\s*(date|time|naturalday|vi_weekday_datetime)\b(:\s*(\S+?))?[\s}|]", line):
                    if match.group(1) == "date" and match.group(3) in ("'c'", '"c"'):
                        continue
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {match.group(0)}")
        assert offenders == []


@pytest.mark.django_db
class DatesOnPagesTests:
    def test_the_programme_page_writes_its_signing_date_as_articles_do(self, client):
        programme = ProgrammeFactory(signing_date=datetime.date(2019, 3, 26), is_published=True)
        text = client.get(programme.get_absolute_url()).text
        assert "Thứ ba, 26/03/2019" in text
        assert re.search(r"(?<!, )26/03/2019", text) is None
