"""Uploads: real images within limits, no location data stored, real PDFs, safe unique names, and a
refused file that costs the editor nothing but the file."""

import datetime
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agreements.models import Party, Programme
from core.storage import MediaStorage, strip_image_metadata
from core.uploads import UploadPath, validate_image_upload, validate_pdf_upload
from news.models import ArticleImage
from organizations.models import Organization
from tests.factories import ArticleFactory, OrganizationFactory, png_bytes
from tests.security.forms import form_data
from tests.security.uploads import (
    EXIF_ORIENTATION,
    exif_of,
    gps_of,
    jpeg_with_location,
    location_exif,
    minimal_pdf,
    pixels_of,
    png_claiming,
    png_with_location,
    webp_with_location,
)

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
SAFE_NAME = re.compile(r"^[a-z]+/\d{4}/\d{2}/[a-z0-9][a-z0-9-]*-[0-9a-f]{8}(\.[a-z0-9]+)?$")


def image_bytes(image_format, size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=image_format)
    return buffer.getvalue()


def refusal(validator, data, name="anh.png"):
    with pytest.raises(ValidationError) as caught:
        validator(SimpleUploadedFile(name, data))
    return caught.value


class ImageValidationTests:
    def test_a_real_image_passes(self):
        validate_image_upload(SimpleUploadedFile("anh.png", png_bytes()))

    def test_a_decompression_bomb_is_refused_before_it_is_decoded(self):
        bomb = png_claiming(100_000, 100_000)  # ten billion pixels in under 100 bytes
        assert len(bomb) < 200
        error = refusal(validate_image_upload, bomb)
        assert error.code == "invalid_image"
        assert "không phải là ảnh hợp lệ" in error.messages[0]

    def test_an_image_over_the_pixel_limit_is_refused_with_its_size(self, settings):
        error = refusal(validate_image_upload, png_claiming(8000, 6000))  # 48 Mpx > 40 Mpx
        assert error.code == "image_too_many_pixels"
        assert error.messages == ["Ảnh có kích thước 8000×6000 điểm ảnh, vượt quá giới hạn cho phép."]

    def test_an_image_over_the_byte_limit_is_refused(self, settings):
        settings.UPLOAD_IMAGE_MAX_BYTES = 1000
        error = refusal(validate_image_upload, jpeg_with_location() + b"\0" * 2000)
        assert error.code == "image_too_large"
        assert error.messages[0].startswith("Ảnh quá lớn")

    @pytest.mark.parametrize(
        "content",
        [b"Day la van ban, khong phai anh.", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
         b"<?php system($_GET['c']); ?>", b"%PDF-1.4 not an image", b""],
        ids=["text", "svg", "php", "pdf", "empty"],
    )  # fmt: skip
    def test_anything_else_named_like_an_image_is_refused(self, content):
        assert refusal(validate_image_upload, content).code == "invalid_image"

    def test_a_truncated_image_is_refused(self):
        assert refusal(validate_image_upload, png_bytes()[:60]).code == "invalid_image"


class PdfValidationTests:
    def test_a_real_pdf_passes(self):
        validate_pdf_upload(SimpleUploadedFile("van-ban.pdf", minimal_pdf()))

    @pytest.mark.parametrize(
        "content",
        [b"Van ban ky ket (ban nhap)", b"<html><script>alert(1)</script></html>", png_bytes(), b"PK\x03\x04docx"],
        ids=["text", "html", "png", "zip"],
    )
    def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(self, content):
        error = refusal(validate_pdf_upload, content, name="van-ban-ky-ket.pdf")
        assert error.messages == ["Văn bản ký kết phải là tệp PDF."]

    def test_an_oversized_pdf_is_refused(self, settings):
        settings.UPLOAD_DOCUMENT_MAX_BYTES = 100
        error = refusal(validate_pdf_upload, minimal_pdf(), name="van-ban.pdf")
        assert error.code == "document_too_large"


class UploadNameTests:
    @pytest.fixture(autouse=True)
    def fixed_day(self):
        with time_machine.travel(datetime.datetime(2024, 6, 1, 9, 0, tzinfo=VN), tick=False):
            yield

    @pytest.mark.parametrize(
        ("original", "stem", "extension"),
        [
            ("../../etc/passwd.png", "passwd", "png"),
            ("..\\..\\windows\\win.ini.jpg", "win-ini", "jpg"),
            ("/var/www/.htaccess", "htaccess", ""),
            ("ảnh đẹp.JPG", "anh-dep", "jpg"),
            ("Hội Khuyến học Đông Anh.PNG", "hoi-khuyen-hoc-dong-anh", "png"),
            ("tên\x00độc.png", "ten-doc", "png"),
            ("  nhiều   khoảng trắng  .jpeg", "nhieu-khoang-trang", "jpeg"),
            ("shell.php.png", "shell-php", "png"),
            ("<script>alert(1)</script>.gif", "script", "gif"),
            ("...", "tep", ""),
            ("x" * 300 + ".webp", "x" * 60, "webp"),
            ("anh.p\u0301ng", "anh", "png"),
        ],
    )
    def test_names_are_transliterated_stripped_of_paths_and_made_unique(self, original, stem, extension):
        first = UploadPath("logos")(None, original)
        second = UploadPath("logos")(None, original)
        assert first != second
        for name in (first, second):
            assert SAFE_NAME.match(name), name
            assert name.startswith(f"logos/2024/06/{stem}-")
            assert name.endswith(f".{extension}" if extension else name[-8:])
            assert ".." not in name and "\\" not in name and "\x00" not in name

    def test_the_storage_keeps_names_safe_even_without_upload_path(self, tmp_path):
        storage = MediaStorage(location=tmp_path)
        for nasty in ["ảnh đẹp.JPG", "a\x00b.png", ".htaccess", "x y z.tar.gz", "Đường dẫn.PDF"]:
            valid = storage.get_valid_name(nasty)
            assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9]+)?", valid), valid
        with pytest.raises(Exception, match="Detected path traversal"):
            storage.save("../../etc/passwd", ContentFile(b"x"))

    def test_two_uploads_with_the_same_name_are_both_kept(self, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        storage = MediaStorage()
        first = storage.save("logos/anh.png", ContentFile(png_bytes()))
        second = storage.save("logos/anh.png", ContentFile(png_bytes(color=(1, 2, 3))))
        assert first != second
        assert storage.open(first).read() == png_bytes()


class MetadataStrippingTests:
    @pytest.mark.parametrize("progressive", [False, True], ids=["baseline", "progressive"])
    def test_a_jpeg_loses_its_location_but_not_its_pixels_or_orientation(self, progressive):
        original = jpeg_with_location(progressive=progressive, trailing=b"\xff\xd8appended preview with GPS")
        assert gps_of(original)
        stored = strip_image_metadata(original)
        assert gps_of(stored) == {}
        assert exif_of(stored) == {EXIF_ORIENTATION: 6}
        assert b"DienThoaiCuaBienTapVien" not in stored
        assert b"Chup tai nha rieng" not in stored
        assert b"appended preview" not in stored
        assert pixels_of(stored) == pixels_of(original)
        assert strip_image_metadata(stored) == stored

    def test_a_png_loses_its_location_text_and_exif(self):
        original = png_with_location()
        stored = strip_image_metadata(original)
        for leftover in (b"Nha rieng", b"GPSLatitude", b"DienThoaiCuaBienTapVien", b"eXIf"):
            assert leftover in original
            assert leftover not in stored
        assert pixels_of(stored) == pixels_of(original)

    def test_a_webp_loses_its_exif_and_xmp(self):
        original = webp_with_location()
        stored = strip_image_metadata(original)
        assert b"DienThoaiCuaBienTapVien" in original
        assert b"DienThoaiCuaBienTapVien" not in stored
        assert b"GPS 20.85N" not in stored
        assert pixels_of(stored) == pixels_of(original)

    @pytest.mark.parametrize(
        ("make", "extension", "orientation"),
        # A JPEG keeps its orientation (phones turn portraits with it); PNG and WebP keep none.
        [(jpeg_with_location, "jpg", 6), (png_with_location, "png", None), (webp_with_location, "webp", None)],
    )
    def test_no_location_survives_an_upload_in_any_format_and_the_picture_is_the_same(
        self, make, extension, orientation, tmp_path, settings
    ):
        settings.MEDIA_ROOT = tmp_path
        original = make()
        assert gps_of(original)
        storage = MediaStorage()
        with storage.open(storage.save(f"anh.{extension}", ContentFile(original))) as stored_file:
            stored = stored_file.read()
        assert gps_of(stored) == {}
        assert b"DienThoaiCuaBienTapVien" not in stored
        assert exif_of(stored).get(EXIF_ORIENTATION) == orientation
        with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stored)) as after:
            assert (after.format, after.size, after.mode) == (before.format, before.size, before.mode)
        assert pixels_of(stored) == pixels_of(original)

    def test_a_png_keeps_its_colour_profile_and_transparency(self):
        from PIL import ImageCms

        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        buffer = io.BytesIO()
        Image.new("RGBA", (40, 30), (200, 10, 10, 128)).save(buffer, "PNG", icc_profile=profile, exif=location_exif())
        stored = strip_image_metadata(buffer.getvalue())
        assert gps_of(stored) == {}
        with Image.open(io.BytesIO(stored)) as image:
            assert (image.info.get("icc_profile"), image.mode) == (profile, "RGBA")
        assert pixels_of(stored) == pixels_of(buffer.getvalue())

    def test_other_files_are_stored_byte_for_byte(self):
        pdf = minimal_pdf()
        assert strip_image_metadata(pdf) is pdf

    @pytest.mark.django_db
    def test_an_image_saved_by_any_code_path_is_stored_without_location(self):
        image = ArticleImage.objects.create(
            article=ArticleFactory(), image=SimpleUploadedFile("anh.jpg", jpeg_with_location())
        )
        with default_storage.open(image.image.name) as stored:
            data = stored.read()
        assert gps_of(data) == {}
        assert exif_of(data) == {EXIF_ORIENTATION: 6}

    def test_the_default_storage_is_the_stripping_one(self):
        assert isinstance(storages["default"], MediaStorage)


@pytest.mark.django_db
class AdminUploadTests:
    """A refused file costs the editor only the file: the rest of what they typed comes back."""

    ORGANIZATION = {
        "name": "Hội Khuyến học quận Ngô Quyền",
        "short_name": "Hội Khuyến học Ngô Quyền",
        "abbreviation": "HKH-NQ",
        "slug": "hoi-khuyen-hoc-quan-ngo-quyen",
        "address": "Số 12 đường Lạch Tray, Hải Phòng",
        "phone": "0225 3 123 456",
        "email": "hkh.ngoquyen@example.vn",
        "website": "https://hkh-ngoquyen.example.vn",
        "description": "Hội được thành lập năm 1996, có 18 chi hội cơ sở.",
        "aliases": "Hội KH Ngô Quyền",
    }

    def organization_post(self, client, **files):
        url = reverse("admin:organizations_organization_add")
        return client.post(url, form_data(client.get(url).content, "organization_form") | self.ORGANIZATION | files)

    def test_a_text_file_named_png_is_refused_in_vietnamese_with_the_form_kept(self, client, superuser):
        client.force_login(superuser)
        response = self.organization_post(
            client, logo=SimpleUploadedFile("logo.png", b"Day khong phai la anh", content_type="image/png")
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["logo"] == [
            "Hãy tải lên một hình ảnh hợp lệ. Tập tin mà bạn đã tải không phải là hình ảnh hoặc đã bị hư hỏng."
        ]
        html = response.content.decode()
        for value in self.ORGANIZATION.values():
            assert value in html, value
        assert not Organization.objects.exists()

    def test_a_decompression_bomb_logo_is_refused_with_the_form_kept(self, client, superuser):
        client.force_login(superuser)
        response = self.organization_post(client, logo=SimpleUploadedFile("logo.png", png_claiming(60_000, 60_000)))
        assert response.status_code == 200
        assert "logo" in response.context["adminform"].form.errors
        assert self.ORGANIZATION["description"] in response.content.decode()
        assert not Organization.objects.exists()

    def test_an_oversized_logo_is_refused_with_a_vietnamese_message(self, client, superuser, settings):
        settings.UPLOAD_IMAGE_MAX_BYTES = 500
        client.force_login(superuser)
        response = self.organization_post(client, logo=SimpleUploadedFile("logo.jpg", jpeg_with_location()))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["logo"][0].startswith("Ảnh quá lớn")
        assert not Organization.objects.exists()

    def test_a_photo_uploaded_in_the_admin_is_stored_without_location(self, client, superuser):
        client.force_login(superuser)
        response = self.organization_post(client, logo=SimpleUploadedFile("Ảnh Hội.JPG", jpeg_with_location()))
        assert response.status_code == 302
        organization = Organization.objects.get()
        assert SAFE_NAME.match(organization.logo.name), organization.logo.name
        assert organization.logo.name.split("/")[-1].startswith("anh-hoi-")
        with default_storage.open(organization.logo.name) as stored:
            assert gps_of(stored.read()) == {}

    def programme_post(self, client, document):
        url = reverse("admin:agreements_programme_add")
        hkh, doan = OrganizationFactory(name="Hội Khuyến học thành phố"), OrganizationFactory(name="Thành đoàn")
        data = form_data(client.get(url).content, "programme_form") | {
            "title": "Chương trình phối hợp về xây dựng xã hội học tập",
            "slug": "chuong-trinh-phoi-hop-xa-hoi-hoc-tap",
            "reference_number": "05/CTPH-HKH-TĐ",
            "signing_date": "26/03/2019",
            "venue": "Trường THPT Ngô Quyền",
            "start_year": "2019",
            "end_year": "2022",
            "summary": "Hai bên cùng vận động thanh niên tham gia học tập suốt đời.",
            "parties-0-organization": str(hkh.pk),
            "parties-0-role": Party.Role.LEAD,
            "parties-1-organization": str(doan.pk),
            "parties-1-role": Party.Role.PARTNER,
            "signatories-0-name": "Nguyễn Văn Bình",
            "signatories-0-position": "Chủ tịch Hội Khuyến học thành phố",
            "signatories-0-organization": str(hkh.pk),
            "commitments-0-number": "1",
            "commitments-0-title": "Tuyên truyền về học tập suốt đời trong đoàn viên",
            "document": document,
        }
        return client.post(url, data)

    def test_a_signed_document_that_is_not_a_pdf_is_refused_with_everything_else_kept(self, client, superuser):
        client.force_login(superuser)
        response = self.programme_post(client, SimpleUploadedFile("van-ban-ky-ket.pdf", b"Ban nhap, chua ky"))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["document"] == ["Văn bản ký kết phải là tệp PDF."]
        html = response.content.decode()
        for value in (
            "Chương trình phối hợp về xây dựng xã hội học tập",
            "05/CTPH-HKH-TĐ",
            "26/03/2019",
            "Trường THPT Ngô Quyền",
            "Hai bên cùng vận động thanh niên tham gia học tập suốt đời.",
            "Hội Khuyến học thành phố",
            "Nguyễn Văn Bình",
            "Chủ tịch Hội Khuyến học thành phố",
            "Tuyên truyền về học tập suốt đời trong đoàn viên",
        ):
            assert value in html, value
        assert not Programme.objects.exists()
        assert not Party.objects.exists()

    def test_a_real_pdf_is_accepted(self, client, superuser):
        client.force_login(superuser)
        response = self.programme_post(client, SimpleUploadedFile("Văn bản ký kết.pdf", minimal_pdf()))
        assert response.status_code == 302
        programme = Programme.objects.get()
        assert SAFE_NAME.match(programme.document.name)
        with default_storage.open(programme.document.name) as stored:
            assert stored.read() == minimal_pdf()

    def test_a_document_with_another_extension_is_refused_in_vietnamese(self, client, superuser):
        client.force_login(superuser)
        response = self.programme_post(client, SimpleUploadedFile("van-ban.docx", b"PK\x03\x04"))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["document"][0] == (
            "Không nhận tệp “van-ban.docx”: văn bản ký kết phải là tệp PDF, đuôi .pdf."
        )

    def test_a_logo_in_another_image_format_is_refused_in_vietnamese(self, client, superuser):
        # A real BMP passes the form's image check (Pillow reads it); the model takes web formats only.
        client.force_login(superuser)
        response = self.organization_post(client, logo=SimpleUploadedFile("logo.bmp", image_bytes("BMP")))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["logo"] == [
            "Không nhận tệp “logo.bmp”: ảnh phải có đuôi jpg, jpeg, png, gif, webp."
        ]
        assert not Organization.objects.exists()

    def test_an_article_picture_in_another_format_is_refused_in_vietnamese(self):
        image = ArticleImage(article=ArticleFactory(), image=SimpleUploadedFile("anh.bmp", image_bytes("BMP")))
        with pytest.raises(ValidationError) as refused:
            image.full_clean()
        assert refused.value.message_dict["image"] == [
            "Không nhận tệp “anh.bmp”: ảnh phải có đuôi jpg, jpeg, png, gif, webp."
        ]
