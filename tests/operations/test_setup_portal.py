"""manage.py setup_portal: an empty installation becomes one association's portal, from flags (scripts)
or from answers typed at its Vietnamese questions, with no demo content; bad answers are asked again
or refused in Vietnamese with nothing saved; a second run never silently replaces the host."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agreements.models import Programme
from news.models import Article
from organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Sen-vang-Ninh-Binh-2026"
FLAGS = {
    "name": "Hội Khuyến học tỉnh Ninh Bình",
    "short_name": "Hội Khuyến học Ninh Bình",
    "abbreviation": "HKH",
    "region": "Ninh Bình",
    "address": "Số 1 đường Tràng An, thành phố Hoa Lư, tỉnh Ninh Bình",
    "managing_body": "Hội Khuyến học tỉnh Ninh Bình",
    "content_responsible": "Chủ tịch Hội",
    "licence": "Giấy phép số 12/GP-TTĐT do Sở Văn hóa cấp",
    "phone": "0229 3 000 001",
    "email": "lienhe@khuyenhoc-ninhbinh.example.vn",
    "website": "https://khuyenhoc-ninhbinh.example.vn",
    "fanpage": "https://www.facebook.com/khuyenhoc.ninhbinh.example",
}


def setup(*args, stdin=None, **options):
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    call_command("setup_portal", *args, stdout=out, stderr=err, **extra, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def password_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)


def nothing_saved():
    return not Organization.objects.exists() and not get_user_model().objects.exists()


class SetupFromFlagsTests:
    def test_flags_make_the_host_and_the_first_superuser_and_no_demo_content(self, client, password_variable):
        out, _ = setup("--no-input", username="quantri", user_email="quantri@example.vn", **FLAGS)

        host = Organization.objects.host()
        assert host.name == FLAGS["name"]
        assert (host.address, host.managing_body, host.licence) == (
            FLAGS["address"],
            FLAGS["managing_body"],
            FLAGS["licence"],
        )
        assert (host.phone, host.email, host.website, host.fanpage) == (
            FLAGS["phone"],
            FLAGS["email"],
            FLAGS["website"],
            FLAGS["fanpage"],
        )
        assert host.region.name == "Ninh Bình"
        assert host.kind == Organization.Kind.STUDY_PROMOTION
        assert Organization.objects.count() == 1
        assert not Article.objects.exists() and not Programme.objects.exists()
        [user] = get_user_model().objects.all()
        assert user.username == "quantri" and user.is_superuser and user.is_staff
        assert user.check_password(PASSWORD)
        assert "Việc tiếp theo" in out and "/quan-tri/" in out and "DJANGO_SITE_URL" in out

        home = client.get("/").content.decode()
        for text in (FLAGS["short_name"], FLAGS["licence"], FLAGS["address"]):
            assert text in home

    def test_running_it_again_with_the_same_answers_changes_nothing(self, password_variable):
        setup("--no-input", username="quantri", **FLAGS)
        before = Organization.objects.get().updated_at
        out, _ = setup("--no-input", username="quantri", **FLAGS)
        assert "giữ nguyên" in out
        assert Organization.objects.get().updated_at == before
        assert get_user_model().objects.count() == 1

    def test_another_host_is_refused_and_the_existing_one_kept(self, password_variable):
        setup("--no-input", username="quantri", **FLAGS)
        with pytest.raises(CommandError, match=r"Cổng đã có cơ quan chủ quản: «Hội Khuyến học tỉnh Ninh Bình».*--name"):
            setup("--no-input", name="Hội Khuyến học tỉnh Nam Định")
        assert Organization.objects.get().name == FLAGS["name"]

    def test_update_changes_only_what_is_given(self, password_variable):
        setup("--no-input", username="quantri", **FLAGS)
        setup("--no-input", "--update", licence="Giấy phép số 15/GP-TTĐT")
        host = Organization.objects.get()
        assert host.licence == "Giấy phép số 15/GP-TTĐT"
        assert host.address == FLAGS["address"]

    def test_a_demo_host_is_not_overwritten(self, password_variable):
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        with pytest.raises(CommandError, match="cơ sở dữ liệu mới"):
            setup("--no-input", username="quantri", **FLAGS)
        assert Organization.objects.host().name == "Hội Khuyến học thành phố Hải Phòng"
        assert not get_user_model().objects.exists()

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"address": ""}, "--address: Cần điền mục này."),
            ({"email": "khong-phai-thu"}, "--email: Nhập địa chỉ email."),
            ({"fanpage": "facebook"}, "--fanpage:"),
            ({"name": "H" * 300}, "--name:"),
        ],
    )
    def test_bad_values_are_refused_in_vietnamese_and_nothing_is_saved(self, password_variable, changes, message):
        with pytest.raises(CommandError, match="Chưa thiết lập") as refused:
            setup("--no-input", username="quantri", **(FLAGS | changes))
        assert message in str(refused.value)
        assert nothing_saved()

    def test_a_weak_password_is_refused_and_nothing_is_saved(self, monkeypatch):
        monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "12345678")
        with pytest.raises(CommandError, match=r"Mật khẩu chưa dùng được: .*quá phổ biến"):
            setup("--no-input", username="quantri", **FLAGS)
        assert nothing_saved()

    def test_without_a_superuser_or_a_password_it_says_what_to_give(self):
        with pytest.raises(CommandError, match=r"--username .* DJANGO_SUPERUSER_PASSWORD"):
            setup("--no-input", **FLAGS)
        assert nothing_saved()

    def test_an_existing_superuser_is_kept_and_no_second_one_made(self, django_user_model):
        django_user_model.objects.create_superuser("admin", "admin@example.vn", PASSWORD)
        out, _ = setup("--no-input", **FLAGS)
        assert django_user_model.objects.count() == 1
        assert Organization.objects.host().name == FLAGS["name"]
        assert "Đã tạo quản trị viên" not in out


ANSWERS = [
    "Hội Khuyến học tỉnh Ninh Bình",  # tên đầy đủ
    "",  # tên ngắn
    "HKH",
    "Ninh Bình",
    "",  # địa chỉ: required, asked again
    "Số 1 đường Tràng An, tỉnh Ninh Bình",
    "Hội Khuyến học tỉnh Ninh Bình",  # cơ quan chủ quản
    "",  # người chịu trách nhiệm
    "",  # giấy phép: not yet
    "0229 3 000 001",
    "lienhe@",  # e-mail: invalid, asked again
    "lienhe@khuyenhoc-ninhbinh.example.vn",
    "",  # website
    "https://www.facebook.com/khuyenhoc.ninhbinh.example",
    "",  # tên đăng nhập: the suggested "quantri"
    "quantri@khuyenhoc-ninhbinh.example.vn",
    PASSWORD,
    "khac-han",  # mismatch: both asked again
    "123",
    "123",  # too short and numeric: asked again
    PASSWORD,
    PASSWORD,
]


class SetupFromAnswersTests:
    def test_typed_answers_make_the_portal_and_bad_ones_are_asked_again(self, client):
        out, err = setup(stdin=io.StringIO("\n".join(ANSWERS) + "\n"))

        host = Organization.objects.host()
        assert host.name == "Hội Khuyến học tỉnh Ninh Bình"
        assert host.short_name == "" and host.abbreviation == "HKH"
        assert host.address == "Số 1 đường Tràng An, tỉnh Ninh Bình"
        assert host.email == "lienhe@khuyenhoc-ninhbinh.example.vn"
        assert host.fanpage == "https://www.facebook.com/khuyenhoc.ninhbinh.example"
        user = get_user_model().objects.get()
        assert user.username == "quantri" and user.is_superuser and user.check_password(PASSWORD)
        assert "Tên đầy đủ của hội" in out and "Địa chỉ trụ sở" in out
        assert "Cần điền mục này." in err
        assert "Nhập địa chỉ email." in err
        assert "Hai lần nhập mật khẩu không giống nhau." in err
        assert "Mật khẩu chưa dùng được" in err
        assert "Chưa có dòng giấy phép" in out
        assert "Hội Khuyến học tỉnh Ninh Bình" in client.get("/").content.decode()

    def test_answers_that_stop_halfway_save_nothing(self):
        with pytest.raises(CommandError, match=r"Đã dừng.*Chưa lưu gì"):
            setup(stdin=io.StringIO("\n".join(ANSWERS[:8]) + "\n"))
        assert nothing_saved()

    def test_flags_given_are_not_asked_again(self):
        # Only the superuser's e-mail (left empty) and password remain to be typed.
        out, _ = setup(username="quantri", stdin=io.StringIO(f"\n{PASSWORD}\n{PASSWORD}\n"), **FLAGS)
        assert "Tên đầy đủ của hội" not in out
        assert Organization.objects.host().licence == FLAGS["licence"]
        assert get_user_model().objects.get().check_password(PASSWORD)
