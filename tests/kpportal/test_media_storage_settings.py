"""Where media is stored: DJANGO_MEDIA_STORAGE and DJANGO_S3_* (kpportal/settings/media_storage.py).
A missing or wrong value stops the app at start with an English message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kpportal.settings.media_storage import media_storage, other_media_storages
from tests.kpportal.test_settings_prod import manage
from tests.object_store import environment

STORE = environment("https://s3.example.vn", "kp-media")


def refusal(environ):
    with pytest.raises(ImproperlyConfigured) as refused:
        media_storage(environ)
    return str(refused.value)


class MediaStorageSettingsTests:
    def test_media_is_on_the_disk_unless_told_otherwise(self):
        assert media_storage({}) == ("disk", {"BACKEND": "core.storage.MediaStorage"})

    def test_the_object_store_is_configured_from_the_s3_variables(self):
        kind, entry = media_storage({**STORE, "DJANGO_MEDIA_STORAGE": "s3"})
        assert kind == "s3" and entry["BACKEND"] == "core.object_store.ObjectStoreMediaStorage"
        options = entry["OPTIONS"]
        assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
            "kp-media",
            "https://s3.example.vn",
            "us-east-1",
        )
        assert options["signed_url_seconds"] == 300

    def test_an_unknown_storage_is_refused_by_name(self):
        assert refusal({"DJANGO_MEDIA_STORAGE": "ftp"}) == "DJANGO_MEDIA_STORAGE must be one of disk, s3 (got 'ftp')."

    @pytest.mark.parametrize("missing", sorted(name for name in STORE if name != "DJANGO_S3_REGION"))
    def test_the_object_store_without_each_required_variable_is_refused_naming_it(self, missing):
        environ = {**STORE, "DJANGO_MEDIA_STORAGE": "s3", missing: " "}
        assert refusal(environ) == f"The object store needs these environment variables: {missing}"

    @pytest.mark.parametrize("endpoint", ["s3.example.vn", "ftp://s3.example.vn", "https://s3.example.vn/kp-media"])
    def test_an_endpoint_that_is_not_an_address_is_refused(self, endpoint):
        environ = {**STORE, "DJANGO_MEDIA_STORAGE": "s3", "DJANGO_S3_ENDPOINT_URL": endpoint}
        assert refusal(environ).startswith("DJANGO_S3_ENDPOINT_URL must be the store's address")

    def test_a_signed_address_lifetime_that_is_not_seconds_is_refused(self):
        environ = {**STORE, "DJANGO_MEDIA_STORAGE": "s3", "DJANGO_S3_SIGNED_URL_SECONDS": "5 phút"}
        assert refusal(environ).startswith("DJANGO_S3_SIGNED_URL_SECONDS must be a number of seconds")

    def test_a_disk_portal_without_a_store_says_why_the_store_cannot_be_used(self):
        choices, unavailable = other_media_storages({})
        assert set(choices) == {"disk"}
        assert unavailable["s3"].startswith("The object store needs these environment variables: DJANGO_S3_BUCKET")


class MediaStorageStartupTests:
    def test_the_app_does_not_start_with_the_object_store_half_configured(self):
        result = manage("check", DJANGO_MEDIA_STORAGE="s3", DJANGO_S3_BUCKET="kp-media")
        assert result.returncode != 0
        assert "ImproperlyConfigured: The object store needs these environment variables: " in result.stderr
        assert "DJANGO_S3_ENDPOINT_URL, DJANGO_S3_ACCESS_KEY_ID, DJANGO_S3_SECRET_ACCESS_KEY" in result.stderr

    def test_the_app_starts_with_the_object_store_configured(self):
        result = manage("check", DJANGO_MEDIA_STORAGE="s3", **STORE)
        assert result.returncode == 0, result.stderr
