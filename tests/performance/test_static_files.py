"""Static files as production serves them: fingerprinted, compressed, cached for good by browsers."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from whitenoise.compress import Compressor

from tests.factories import ArticleFactory, OrganizationFactory

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
TEN_YEARS = 315360000
CSS_JS_BUDGET = 100 * 1024


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic with the production storage, and the settings WhiteNoise then serves it with."""
    root = tmp_path_factory.mktemp("staticfiles")
    from django.conf import settings

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(
        STATIC_ROOT=root,
        STORAGES=storages,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_SKIP_COMPRESS_EXTENSIONS=[*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"],  # as prod.py
        # The project's own files and the built stylesheet: what public pages load (the apps' files are the admin's).
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def manifest(root):
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def compressed_size(root: Path, name: str) -> int:
    """What a browser downloads: the Brotli copy if there is one, else gzip."""
    for suffix in (".br", ".gz"):
        candidate = root / (name + suffix)
        if candidate.exists():
            return candidate.stat().st_size
    return (root / name).stat().st_size


class StaticFilesTests:
    def test_collectstatic_fingerprints_the_stylesheet_built_from_bootstraps_sass(self, static_root):
        css = manifest(static_root)["css/site.css"]
        assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", css)
        assert ".navbar" in (static_root / css).read_text(), "Bootstrap's components are in it"
        assert (static_root / (css + ".gz")).exists()
        assert (static_root / (css + ".br")).exists()

    def test_a_fingerprinted_file_is_served_compressed_and_cached_for_ten_years(self, static_root):
        css = manifest(static_root)["css/site.css"]
        response = Client().get(f"/static/{css}", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert f"max-age={TEN_YEARS}" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        assert "Accept-Encoding" in response.headers["Vary"]

    def test_a_browser_without_brotli_gets_gzip(self, static_root):
        js = manifest(static_root)["js/portal.js"]
        response = Client().get(f"/static/{js}", HTTP_ACCEPT_ENCODING="gzip")
        assert response.headers["Content-Encoding"] == "gzip"

    @pytest.mark.django_db
    def test_an_article_page_loads_only_fingerprinted_css_and_js_under_100_kb_compressed(self, static_root):
        OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True)
        article = ArticleFactory()
        html = Client().get(article.get_absolute_url()).content.decode()
        assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
        assets += re.findall(r'<script[^>]* src="/static/([^"]+)"', html)
        assert len(assets) >= 2
        fingerprinted = set(manifest(static_root).values())
        assert set(assets) <= fingerprinted, "every stylesheet and script goes by its fingerprinted name"
        total = sum(compressed_size(static_root, name) for name in assets)
        assert total < CSS_JS_BUDGET, f"{total} bytes of CSS and JS"
