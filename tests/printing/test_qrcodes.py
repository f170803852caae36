"""printing/qrcodes.py: codes that a real decoder reads back, drawn once and then reused."""

import io
from unittest import mock

import pytest
import qrcode
from PIL import Image

from printing import qrcodes
from tests.printing.conftest import decode_png, decode_svg

pytestmark = pytest.mark.usefixtures("qr_cache")

ADDRESS = "https://khuyenhoc.example.vn/tin-tuc/12-thanh-doan-va-hoi-khuyen-hoc-hai-phong-ky-chuong-trinh/?ban-in=0123456789ab"


class QrCodeTests:
    def test_the_png_decodes_to_exactly_the_encoded_address(self):
        assert decode_png(qrcodes.png(ADDRESS)) == [ADDRESS]

    def test_the_svg_decodes_to_exactly_the_encoded_address(self):
        assert decode_svg(str(qrcodes.svg(ADDRESS, label="QR CODE: Lễ ký kết"))) == [ADDRESS]

    def test_an_address_with_vietnamese_letters_survives_the_round_trip(self):
        fanpage = "https://www.facebook.com/Hội-Khuyến-học-Hải-Phòng"
        assert decode_png(qrcodes.png(fanpage)) == [fanpage]
        assert decode_svg(str(qrcodes.svg(fanpage, label="QR Code Fanpage"))) == [fanpage]

    def test_the_png_is_black_and_white_and_sized_for_print(self):
        image = Image.open(io.BytesIO(qrcodes.png(ADDRESS)))
        assert image.mode == "1"
        assert image.width == image.height >= 400  # at least 3.4 cm at 300 dpi
        assert round(image.info["dpi"][0]) == 300

    def test_the_svg_names_its_code_for_screen_readers_and_escapes_the_title(self):
        markup = str(qrcodes.svg(ADDRESS, label='QR CODE: "Khuyến học" <b>'))
        assert 'aria-label="QR CODE: &quot;Khuyến học&quot; &lt;b&gt;"' in markup
        assert "<title>QR CODE: &quot;Khuyến học&quot; &lt;b&gt;</title>" in markup
        assert "<b>" not in markup

    def test_a_code_is_drawn_once_and_then_reused(self):
        with mock.patch("printing.qrcodes.qrcode.QRCode", wraps=qrcode.QRCode) as generator:
            first_png, first_svg = qrcodes.png(ADDRESS), str(qrcodes.svg(ADDRESS, label="QR CODE: A"))
            assert generator.call_count == 1
            second_png, second_svg = qrcodes.png(ADDRESS), str(qrcodes.svg(ADDRESS, label="QR CODE: A"))
            assert generator.call_count == 1
            qrcodes.png(ADDRESS.replace("0123456789ab", "ba9876543210"))
            assert generator.call_count == 2
        assert (first_png, first_svg) == (second_png, second_svg)

    def test_a_process_keeps_the_drawings_it_used_without_asking_the_cache_again(self):
        qrcodes._kept_svg_drawing.cache_clear()
        first = str(qrcodes.svg(ADDRESS, label="QR CODE: A"))
        with mock.patch("printing.qrcodes._cache", wraps=qrcodes._cache) as cache:
            again = str(qrcodes.svg(ADDRESS, label="QR CODE: B"))
            assert cache.call_count == 0
            qrcodes.svg(ADDRESS + "x", label="QR CODE: C")
            assert cache.call_count >= 1
        assert again == first.replace("QR CODE: A", "QR CODE: B")

    def test_a_code_is_still_drawn_when_the_cache_server_is_down(self, settings):
        settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
        assert decode_png(qrcodes.png(ADDRESS)) == [ADDRESS]

    def test_the_etag_follows_the_encoded_text(self):
        assert qrcodes.etag(ADDRESS) == qrcodes.etag(ADDRESS)
        assert qrcodes.etag(ADDRESS) != qrcodes.etag(ADDRESS + "x")
        assert qrcodes.etag(ADDRESS).startswith('"') and qrcodes.etag(ADDRESS).endswith('"')
