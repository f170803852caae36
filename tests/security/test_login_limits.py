"""Staff accounts against password guessing (django-axes): five wrong passwords for one username
from one address lock that pair out for 30 minutes, with a page in Vietnamese."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

LOGIN_URL = reverse("admin:login")
WRONG = "mat-khau-sai"
START = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=datetime.UTC)


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, "next": reverse("admin:index")}, REMOTE_ADDR=ip
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.django_db
class LoginAttemptLimitTests:
    def test_the_first_four_wrong_passwords_get_the_ordinary_vietnamese_error(self, client, editor, clock):
        for _ in range(4):
            response = attempt(client, "bientap", WRONG)
            assert response.status_code == 200
            assert "Bạn hãy nhập đúng" in response.content.decode()

    def test_the_fifth_wrong_password_locks_and_the_sixth_attempt_is_refused_even_with_the_right_password(
        self, client, editor, clock
    ):
        for _ in range(4):
            assert attempt(client, "bientap", WRONG).status_code == 200
        assert attempt(client, "bientap", WRONG).status_code == 429
        response = attempt(client, "bientap", "mat-khau-bien-tap")
        assert response.status_code == 429
        assert not signed_in(client)

    def test_the_lockout_page_is_in_vietnamese(self, client, editor, clock):
        for _ in range(5):
            response = attempt(client, "bientap", WRONG)
        html = response.content.decode()
        assert '<html lang="vi"' in html
        assert "Tạm khoá đăng nhập" in html
        assert "30 phút" in html
        assert "kể cả mật khẩu đúng cũng không được chấp nhận" in html
        assert "Account locked" not in html

    def test_the_lock_lifts_after_thirty_minutes(self, client, editor, clock):
        for _ in range(5):
            attempt(client, "bientap", WRONG)
        clock.shift(datetime.timedelta(minutes=29))
        assert attempt(client, "bientap", "mat-khau-bien-tap").status_code == 429
        clock.shift(datetime.timedelta(minutes=31))
        assert attempt(client, "bientap", "mat-khau-bien-tap").status_code == 302
        assert signed_in(client)

    def test_the_lock_is_per_username_and_address(self, client, editor, publisher, clock):
        for _ in range(5):
            attempt(client, "bientap", WRONG, ip="203.0.113.7")
        # The same person from the office's other line, and a colleague on the same line, still get in.
        assert attempt(client, "bientap", "mat-khau-bien-tap", ip="198.51.100.20").status_code == 302
        client.logout()
        assert attempt(client, "xuatban", "mat-khau-xuat-ban", ip="203.0.113.7").status_code == 302

    def test_a_successful_sign_in_resets_the_count(self, client, editor, clock):
        for _ in range(4):
            attempt(client, "bientap", WRONG)
        assert attempt(client, "bientap", "mat-khau-bien-tap").status_code == 302
        client.logout()
        for _ in range(4):
            assert attempt(client, "bientap", WRONG).status_code == 200

    def test_guessing_unknown_usernames_is_limited_too(self, client, clock):
        for _ in range(4):
            assert attempt(client, "admin", WRONG).status_code == 200
        assert attempt(client, "admin", WRONG).status_code == 429

    def test_behind_a_proxy_the_forwarded_address_counts(self, client, editor, clock, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(5):
            client.post(
                LOGIN_URL,
                {"username": "bientap", "password": WRONG},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="spoofed-by-client, 203.0.113.7",
            )
        locked = client.post(
            LOGIN_URL, {"username": "bientap", "password": "mat-khau-bien-tap"}, REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="anything, 203.0.113.7",
        )  # fmt: skip
        assert locked.status_code == 429
        other_reader = client.post(
            LOGIN_URL, {"username": "bientap", "password": "mat-khau-bien-tap"}, REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.20",
        )  # fmt: skip
        assert other_reader.status_code == 302


@pytest.mark.django_db
class LongUsernameTests:
    """django-axes keeps usernames in a varchar(255); the sign-in form does not enforce any length."""

    @pytest.mark.parametrize("username", [" " * 300 + "bientap", "bientap" + " " * 300, "b" * 300, "ư" * 256])
    def test_an_overlong_username_gets_the_forms_message_not_a_500(self, client, editor, clock, username):
        response = attempt(client, username, WRONG)
        assert response.status_code == 200
        assert "Bạn hãy nhập đúng" in response.content.decode()
        assert AccessAttempt.objects.get().username == username.strip()[:255]

    def test_padding_the_username_with_spaces_does_not_escape_its_lockout(self, client, editor, clock):
        for padding in range(1, 5):
            assert attempt(client, " " * 100 * padding + "bientap", WRONG).status_code == 200
        assert attempt(client, "bientap", WRONG).status_code == 429
        assert attempt(client, " " * 300 + "bientap", "mat-khau-bien-tap").status_code == 429
        assert not signed_in(client)
