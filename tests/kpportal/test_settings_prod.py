"""Production settings: refuse to start half-configured, pass `check --deploy`, send the security
headers, never show a debug page, and log errors with enough context to act on."""

import base64
import logging
import os
import pickle
import secrets
import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse

from news.models import Article
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "khuyenhoc.example.vn,www.khuyenhoc.example.vn",
    "DATABASE_URL": "postgres://kp:kp@127.0.0.1:5432/kp_production",
    "DJANGO_SITE_URL": "https://khuyenhoc.example.vn",
}
# What the production settings decide, applied to this test process's settings.
HEADER_SETTINGS = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_AGE", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "SECURE_REDIRECT_EXEMPT",
]  # fmt: skip


def run_prod(code: str, **env_changes):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "kpportal.settings.prod", **PROD_ENV}
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def manage(*args, **env_changes):
    argv = ["manage.py", *args]
    return run_prod(
        f"from django.core.management import execute_from_command_line as run; run({argv!r})", **env_changes
    )


@pytest.fixture(scope="module")
def prod_values():
    # Pickled, not JSON: the policy holds django-csp's NONCE sentinel.
    values = f"{{name: getattr(settings, name) for name in {HEADER_SETTINGS!r}}}"
    result = run_prod(
        "import base64, pickle, django; django.setup(); from django.conf import settings; "
        f"print(base64.b64encode(pickle.dumps({values})).decode())"
    )
    assert result.returncode == 0, result.stderr
    return pickle.loads(base64.b64decode(result.stdout.strip().splitlines()[-1]))


class ProductionStartupTests:
    @pytest.mark.parametrize(
        "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SITE_URL"]
    )
    def test_production_refuses_to_start_without_each_required_variable(self, missing):
        result = manage("check", **{missing: None})
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert f"Production settings need these environment variables: {missing}" in result.stderr

    @pytest.mark.parametrize(
        "weak", ["kort", "django-insecure-" + "x" * 60, "a" * 80], ids=["short", "django-insecure", "one-character"]
    )
    def test_production_refuses_a_weak_secret_key(self, weak):
        result = manage("check", DJANGO_SECRET_KEY=weak)
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is too weak" in result.stderr

    @pytest.mark.parametrize("address", ["khuyenhoc.example.vn", "ftp://khuyenhoc.example.vn", "https://", " "])
    def test_production_refuses_a_site_address_that_is_not_one(self, address):
        result = manage("check", DJANGO_SITE_URL=address)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "DJANGO_SITE_URL" in result.stderr

    def test_check_deploy_warns_when_the_site_address_is_not_https(self):
        result = manage("check", "--deploy", DJANGO_SITE_URL="http://khuyenhoc.example.vn")
        output = result.stdout + result.stderr
        assert "kpportal.W002" in output
        assert "http://khuyenhoc.example.vn" in output
        https_result = manage("check", "--deploy", "--fail-level", "DEBUG")
        assert "kpportal.W002" not in https_result.stdout + https_result.stderr

    def test_check_deploy_warns_when_no_site_address_is_set_outside_production(self):
        env = {"DJANGO_SETTINGS_MODULE": "kpportal.settings.dev", "DJANGO_SITE_URL": None}
        result = run_prod(
            "from django.core.management import execute_from_command_line as run; "
            "run(['manage.py', 'check', '--deploy'])",
            **env,
        )
        assert "kpportal.W001" in result.stdout + result.stderr
        dev_plain = run_prod(
            "from django.core.management import execute_from_command_line as run; run(['manage.py', 'check'])", **env
        )
        assert "kpportal.W001" not in dev_plain.stdout + dev_plain.stderr

    def test_production_refuses_any_host(self):
        result = manage("check", DJANGO_ALLOWED_HOSTS="*")
        assert result.returncode != 0
        assert "not '*'" in result.stderr

    def test_check_deploy_reports_nothing(self):
        result = manage("check", "--deploy", "--fail-level", "DEBUG")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("System check identified no issues")
        assert "WARNINGS" not in result.stdout + result.stderr

    def test_check_deploy_still_passes_when_the_proxy_redirects_to_https(self):
        result = manage("check", "--deploy", "--fail-level", "DEBUG", DJANGO_SECURE_SSL_REDIRECT="0")
        assert result.returncode == 0, result.stdout + result.stderr

    def test_debug_cannot_be_switched_on_from_the_environment(self):
        result = run_prod(
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="1"
        )
        assert result.stdout.strip().splitlines()[-1] == "False"

    def test_the_policy_never_allows_inline_scripts_in_any_settings(self, prod_values):
        for directives in (
            prod_values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"],
            django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
        ):
            assert "'unsafe-inline'" not in directives["script-src"]
            assert "'unsafe-eval'" not in directives["script-src"]
            assert directives["object-src"] == ["'none'"]


@pytest.fixture
def production(prod_values, settings):
    for name, value in prod_values.items():
        setattr(settings, name, value)
    # Pages must be rendered here, not served from the anonymous page cache.
    settings.PAGECACHE_ENABLED = False
    return settings


def https(client, url, **extra):
    return client.get(url, secure=True, **extra)


@pytest.mark.django_db
class SecurityHeaderTests:
    def test_plain_http_is_redirected_to_https(self, client, production):
        response = client.get("/tin-tuc/", HTTP_HOST="khuyenhoc.example.vn")
        assert response.status_code == 301
        assert response["Location"] == "https://khuyenhoc.example.vn/tin-tuc/"

    def test_a_load_balancer_probing_the_health_check_over_plain_http_is_answered_not_redirected(
        self, client, production
    ):
        response = client.get("/healthz/", HTTP_HOST="khuyenhoc.example.vn")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok"}

    def test_behind_the_proxy_a_forwarded_https_request_is_served(self, client, production):
        response = client.get("/tin-tuc/", HTTP_X_FORWARDED_PROTO="https")
        assert response.status_code == 200

    def test_every_response_carries_the_security_headers(self, client, production):
        article = ArticleFactory()
        for url in ("/", "/tin-tuc/", article.get_absolute_url(), reverse("admin:login"), "/khong-co-trang-nay/"):
            response = https(client, url)
            assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
            assert response["X-Frame-Options"] == "DENY", url
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
            policy = response["Content-Security-Policy"]
            directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
            assert directives["script-src"][0] == "'self'", url
            assert "'unsafe-inline'" not in directives["script-src"], url
            assert directives["frame-ancestors"] == ["'none'"], url
            assert directives["object-src"] == ["'none'"], url
            assert "upgrade-insecure-requests" in directives, url

    def test_cookies_are_https_only_and_the_session_cookie_is_out_of_reach_of_scripts(self, client, production, editor):
        login = https(client, reverse("admin:login"))
        assert login.cookies["csrftoken"]["secure"] is True
        response = client.post(
            reverse("admin:login"),
            {"username": "bientap", "password": "mat-khau-bien-tap", "next": "/quan-tri/"},
            secure=True,
        )
        assert response.status_code == 302
        session = response.cookies["sessionid"]
        assert session["secure"] is True
        assert session["httponly"] is True
        assert session["samesite"] == "Lax"
        assert int(session["max-age"]) == 12 * 3600


@pytest.mark.django_db
class NoDebugPageTests:
    def test_an_error_shows_the_portal_page_and_no_trace_of_the_code(self, client, production, caplog):
        client.raise_request_exception = False
        with mock.patch("news.views.ArticleListView.get_queryset", side_effect=RuntimeError("bi-mat-noi-bo")):
            response = https(client, "/tin-tuc/")
        assert response.status_code == 500
        html = response.content.decode()
        for leak in ("bi-mat-noi-bo", "Traceback", "SECRET_KEY", "RuntimeError", "news/views.py"):
            assert leak not in html
        assert '<html lang="vi"' in html

    def test_a_missing_page_shows_no_url_configuration(self, client, production):
        response = https(client, "/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "URLconf" not in html
        assert "kpportal.urls" not in html


@pytest.mark.django_db
class ErrorLoggingTests:
    def test_an_unhandled_error_is_logged_with_path_method_and_user(self, client, production, caplog, editor):
        client.force_login(editor)
        client.raise_request_exception = False
        with (
            caplog.at_level(logging.ERROR, logger="django.request"),
            mock.patch("news.views.ArticleListView.get_queryset", side_effect=RuntimeError("hỏng")),
        ):
            https(client, "/tin-tuc/?trang=2", REMOTE_ADDR="203.0.113.9")
        [record] = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
        assert record.http_method == "GET"
        assert record.http_path == "/tin-tuc/"
        assert record.user_id == str(editor.pk)
        assert record.client_ip == "203.0.113.9"
        assert record.exc_info[0] is RuntimeError
        line = logging.Formatter(django_settings.LOGGING["formatters"]["plain"]["format"]).format(record)
        assert f"[GET /tin-tuc/ user={editor.pk} ip=203.0.113.9]" in line

    def test_anything_the_portal_logs_during_a_request_carries_the_context(self, client, caplog, settings):
        settings.PAGECACHE_ENABLED = False
        logger = logging.getLogger("kpportal.test")

        def logging_view(*args, **kwargs):
            logger.warning("không gửi được thư")
            return Article.objects.none()

        with (
            caplog.at_level(logging.WARNING, logger="kpportal"),
            mock.patch("news.views.ArticleListView.get_queryset", side_effect=logging_view),
        ):
            client.get("/tin-tuc/", REMOTE_ADDR="198.51.100.4")
        [record] = [r for r in caplog.records if r.name == "kpportal.test"]
        assert (record.http_method, record.http_path, record.user_id, record.client_ip) == (
            "GET",
            "/tin-tuc/",
            "anonymous",
            "198.51.100.4",
        )

    def test_outside_a_request_the_context_is_empty(self, caplog):
        with caplog.at_level(logging.INFO, logger="kpportal"):
            logging.getLogger("kpportal.test").info("lệnh sao lưu bắt đầu")
        record = caplog.records[-1]
        assert record.request_summary == ""
        assert record.http_path == "-"

    def test_a_failing_user_lookup_does_not_turn_logging_into_an_error(self):
        from core.logging import request_context

        class BrokenUser:
            @property
            def is_authenticated(self):
                raise RuntimeError("database down")

        request = mock.Mock(method="GET", path="/", META={"REMOTE_ADDR": "127.0.0.1"}, user=BrokenUser())
        assert request_context(request)["user_id"] == "-"


def test_a_user_that_cannot_be_loaded_is_looked_up_once_per_request():
    from django.utils.functional import SimpleLazyObject

    from core.logging import request_context

    attempts = []

    def load_user():
        attempts.append(1)
        raise RuntimeError("database down")

    request = types.SimpleNamespace(
        method="GET", path="/", META={"REMOTE_ADDR": "127.0.0.1"}, user=SimpleLazyObject(load_user)
    )
    for _ in range(3):
        assert request_context(request)["user_id"] == "-"
    assert len(attempts) == 1


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_the_client_address_is_taken_from_the_right_of_x_forwarded_for():
    from core.client import client_ip

    request = mock.Mock(META={"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.5, 10.0.0.9"})
    assert client_ip(request) == "203.0.113.5"
