import pytest
from django.core.management import call_command

from agreements.models import Party, Programme, Signatory
from news.models import Article
from organizations.models import Organization


def snapshot():
    rows = []
    for model in (Organization, Programme, Party, Signatory, Article):
        rows += list(model.objects.order_by("pk").values())
    history = sum(m.history.count() for m in (Organization, Programme, Article))
    return rows, history


@pytest.mark.django_db
class DemoContentTests:
    def test_demo_content_holds_the_2019_hai_phong_programme(self):
        call_command("load_demo", "--no-users", verbosity=0)
        programme = Programme.objects.get(start_year=2019, end_year=2022)
        assert programme.venue.startswith("Trường THPT Ngô Quyền")
        assert str(programme.signing_date) == "2019-03-26"
        assert {p.organization.short_name for p in programme.parties.all()} == {
            "Thành đoàn Hải Phòng",
            "Hội Khuyến học thành phố",
        }
        assert programme.commitments.count() == 4
        article = programme.articles.get()
        assert article.byline == "Hoàng Tùng"
        assert article.is_public()
        assert Organization.objects.host().is_host

    def test_running_the_demo_loader_twice_changes_nothing(self):
        call_command("load_demo", "--no-users", verbosity=0)
        first = snapshot()
        call_command("load_demo", "--no-users", verbosity=0)
        assert snapshot() == first

    def test_demo_users_are_created_once_with_their_groups(self, django_user_model):
        call_command("load_demo", verbosity=0)
        call_command("load_demo", verbosity=0)
        assert django_user_model.objects.count() == 3
        assert django_user_model.objects.get(username="bientap").groups.get().name == "Biên tập viên"
