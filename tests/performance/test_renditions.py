"""Image renditions: made once when a picture is saved, never while a page is served."""

import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.template import Context, Template
from django.test.utils import isolate_apps
from PIL import Image

from core import renditions
from core.renditions import RenditionImageField, rendition_name


def jpeg_bytes(width, height, *, orientation=None):
    image = Image.new("RGB", (width, height), (30, 90, 160))
    buffer = io.BytesIO()
    options = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    image.save(buffer, format="JPEG", quality=80, **options)
    return buffer.getvalue()


@pytest.fixture
def picture_model():
    with isolate_apps("kpportal"):

        class Picture(models.Model):
            image = RenditionImageField(upload_to="tests/renditions", width_field="width", height_field="height")
            width = models.PositiveIntegerField(null=True)
            height = models.PositiveIntegerField(null=True)

            class Meta:
                app_label = "kpportal"

            def __str__(self):
                return self.image.name

        yield Picture


def stored_size(name):
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        return image.format, image.size


class RenditionMakingTests:
    def test_saving_a_picture_makes_a_thumbnail_an_article_and_a_print_version_beside_it(self, picture_model):
        picture = picture_model()
        picture.image.save("hoi-nghi.jpg", ContentFile(jpeg_bytes(1600, 900)), save=False)

        assert (picture.width, picture.height) == (1600, 900)
        for width, height in [(360, 202), (800, 450), (1200, 675)]:
            assert stored_size(rendition_name(picture.image.name, width)) == ("WEBP", (width, height))

    def test_no_version_is_made_at_or_above_the_originals_width(self, picture_model):
        picture = picture_model()
        picture.image.save("logo.jpg", ContentFile(jpeg_bytes(800, 800)), save=False)

        assert default_storage.exists(rendition_name(picture.image.name, 360))
        assert not default_storage.exists(rendition_name(picture.image.name, 800))
        assert not default_storage.exists(rendition_name(picture.image.name, 1200))

    def test_a_photo_taken_sideways_is_measured_and_scaled_as_it_is_shown(self, picture_model):
        picture = picture_model()
        picture.image.save("doc.jpg", ContentFile(jpeg_bytes(1600, 1200, orientation=6)), save=False)

        assert (picture.width, picture.height) == (1200, 1600)
        assert stored_size(rendition_name(picture.image.name, 800)) == ("WEBP", (800, 1067))

    def test_deleting_the_picture_deletes_its_versions(self, picture_model):
        picture = picture_model()
        picture.image.save("xoa.jpg", ContentFile(jpeg_bytes(1000, 500)), save=False)
        versions = [rendition_name(picture.image.name, width) for width in (360, 800)]
        assert all(default_storage.exists(name) for name in versions)

        picture.image.delete(save=False)

        assert not any(default_storage.exists(name) for name in versions)

    def test_an_unreadable_picture_gets_no_versions_and_no_error(self):
        name = default_storage.save("tests/renditions/hong.jpg", ContentFile(b"not an image at all"))
        assert renditions.make_renditions(default_storage, name) == []


class ResponsiveImageTagTests:
    def render(self, source, **context):
        return Template("{% load renditions %}" + source).render(Context(context))

    def test_the_img_has_srcset_sizes_and_the_dimensions_of_its_src(self, picture_model):
        picture = picture_model()
        picture.image.save("anh.jpg", ContentFile(jpeg_bytes(1600, 900)), save=False)
        name = picture.image.name

        tag = (
            '{% responsive_image picture.image sizes="(min-width: 992px) 800px, 100vw" alt=caption class="img-fluid" %}'
        )
        html = self.render(
            tag,
            picture=picture,
            caption="Đại biểu <dự> hội nghị",
        )

        assert f'src="/media/{name}.800w.webp"' in html
        assert f"/media/{name}.360w.webp 360w, /media/{name}.800w.webp 800w, /media/{name}.1200w.webp 1200w" in html
        assert f"/media/{name} 1600w" in html, "an original of modest size is offered too"
        assert 'sizes="(min-width: 992px) 800px, 100vw"' in html
        assert 'width="800" height="450"' in html
        assert 'alt="Đại biểu &lt;dự&gt; hội nghị"' in html
        assert 'loading="lazy"' in html and 'class="img-fluid"' in html

    def test_a_thumbnail_asks_for_the_narrow_version(self, picture_model):
        picture = picture_model()
        picture.image.save("nho.jpg", ContentFile(jpeg_bytes(1600, 900)), save=False)
        html = self.render('{% responsive_image picture.image width="thumbnail" %}', picture=picture)
        assert f'src="/media/{picture.image.name}.360w.webp"' in html
        assert 'width="360" height="202"' in html

    def test_a_large_camera_original_is_never_offered(self, picture_model):
        picture = picture_model()
        picture.image.save("may-anh.jpg", ContentFile(jpeg_bytes(4000, 3000)), save=False)
        html = self.render("{% responsive_image picture.image %}", picture=picture)
        assert f"/media/{picture.image.name} " not in html
        assert f"{rendition_name(picture.image.name, 1200)}" in html

    def test_rendering_reads_nothing_from_storage_and_resizes_nothing(self, picture_model):
        picture = picture_model()
        picture.image.save("nhanh.jpg", ContentFile(jpeg_bytes(1600, 900)), save=False)
        loaded = picture_model(pk=1, image=picture.image.name, width=1600, height=900)

        with (
            mock.patch.object(default_storage, "open", side_effect=AssertionError("storage read")),
            mock.patch.object(default_storage, "exists", side_effect=AssertionError("storage queried")),
            mock.patch.object(Image.Image, "resize", side_effect=AssertionError("resized")),
        ):
            html = self.render(
                "{% responsive_image picture.image %} {% rendition_url picture.image 'print' %}", picture=loaded
            )

        assert "1200w" in html
        assert html.strip().endswith(f"/media/{picture.image.name}.1200w.webp")

    def test_loading_a_row_without_dimensions_reads_nothing_and_a_missing_file_breaks_nothing(self, picture_model):
        with mock.patch.object(default_storage, "open", side_effect=FileNotFoundError("gone")):
            loaded = picture_model(pk=1, image="tests/renditions/khong-con.jpg")
        assert (loaded.width, loaded.height) == (None, None)
        assert self.render("{% responsive_image picture.image %}", picture=loaded).strip() == ""
        # A logo or link that needs an address gets the picture itself, as stored.
        assert self.render("{% rendition_url picture.image 'thumbnail' %}", picture=loaded).strip() == (
            "/media/tests/renditions/khong-con.jpg"
        )

    def test_no_picture_renders_nothing(self, picture_model):
        assert self.render("{% responsive_image picture.image %}", picture=picture_model()).strip() == ""
        assert self.render("{% rendition_url picture.image %}", picture=picture_model()).strip() == ""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class BackfillTests:
    def test_pictures_stored_before_dimensions_were_recorded_are_measured_once_per_file(self, picture_model):
        from django.db import connection

        shared = default_storage.save("tests/renditions/chung.jpg", ContentFile(jpeg_bytes(1000, 600)))
        with connection.schema_editor() as editor:
            editor.create_model(picture_model)
        try:
            picture_model.objects.bulk_create(
                [picture_model(image=shared) for _ in range(3)] + [picture_model(image="tests/renditions/mat.jpg")]
            )
            assert renditions.backfill(picture_model, "image") == 1
            sizes = set(picture_model.objects.values_list("image", "width", "height"))
            assert sizes == {(shared, 1000, 600), ("tests/renditions/mat.jpg", None, None)}
            assert default_storage.exists(rendition_name(shared, 800))
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(picture_model)


@pytest.mark.django_db
class LogoRenditionTests:
    """Logos are shown 48-96 px wide: pages load a 128 px copy, not the 360 px thumbnail or the original."""

    def png_logo(self, size=240):
        buffer = io.BytesIO()
        Image.new("RGBA", (size, size), (11, 79, 138, 255)).save(buffer, format="PNG")
        return ContentFile(buffer.getvalue())

    def test_a_saved_logo_gets_a_128_px_copy_and_the_pages_use_it(self, client):
        from tests.factories import OrganizationFactory

        organization = OrganizationFactory(name="Hội Khuyến học thành phố Hải Phòng", is_host=True, is_member=True)
        organization.logo.save("hkh.png", self.png_logo())
        small = rendition_name(organization.logo.name, 128)
        assert stored_size(small) == ("WEBP", (128, 128))
        assert not default_storage.exists(rendition_name(organization.logo.name, 360))

        html = client.get("/").text
        assert html.count(default_storage.url(small)) >= 2, "the masthead and the member grid load the small copy"
        assert default_storage.url(organization.logo.name) + '"' not in html.split("</head>", 1)[1]

    def test_logos_stored_before_get_their_copy_from_the_migration_helper(self):
        from organizations.models import Organization
        from tests.factories import OrganizationFactory

        organization = OrganizationFactory()
        organization.logo.save("cu.png", self.png_logo())
        small = rendition_name(organization.logo.name, 128)
        default_storage.delete(small)

        assert renditions.make_missing_renditions(Organization, "logo") == 1
        assert stored_size(small) == ("WEBP", (128, 128))
        assert renditions.make_missing_renditions(Organization, "logo") == 0, "made once, not again"
