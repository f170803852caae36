"""Every picture and document an admin page offers saves again: unchanged, replaced and cleared
(issue 12: saving an article with a picture, or an organization with a logo, answered 500).

The cases come from the admin registry: a file field added later, on a model or an inline, is
covered here without a new test (and fails until ``FILLED`` can build an object that has it)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from agreements.models import CommitmentProgress, Programme, Review
from news.models import Article
from organizations.models import Organization
from tests.factories import (
    filled_article,
    filled_organization,
    filled_programme,
    filled_progress,
    filled_review,
    uploaded_pdf,
    uploaded_png,
)
from tests.security.forms import form_data

FILLED = {
    Organization: filled_organization,
    Article: filled_article,
    Programme: filled_programme,
    Review: filled_review,
    CommitmentProgress: filled_progress,
}
ROLES = ["superuser", "editor", "publisher"]


def admin_file_fields():
    """(model, inline class or None, file field name) for every file field of every admin change page."""
    found = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        for inline_class in [None, *model_admin.inlines]:
            opts = inline_class(model, admin.site).opts if inline_class else model_admin.opts
            found += [
                (model, inline_class, field.name)
                for field in opts.get_fields()
                if isinstance(field, models.FileField) and field.editable
            ]
    return found


FILE_FIELDS = admin_file_fields()


def case_id(case):
    model, inline_class, name = case
    return f"{model.__name__}.{inline_class.model.__name__ + '.' if inline_class else ''}{name}"


class FileField:
    """One file input of an existing object's change page, and the stored object behind it."""

    def __init__(self, case, obj, user, client):
        self.model, self.inline_class, self.name = case
        self.obj = obj
        self.user = user
        opts = self.model._meta
        self.url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        self.form_id = f"{opts.model_name}_form"
        if self.inline_class is None:
            self.input_name, self.holder = self.name, obj
        else:
            request = RequestFactory().get(self.url)
            request.user = user
            prefix = self.inline_class(self.model, admin.site).get_formset(request, obj).get_default_prefix()
            self.input_name = f"{prefix}-0-{self.name}"
            row_id = form_data(client.get(self.url).content, self.form_id)[f"{prefix}-0-id"]
            self.holder = self.inline_class.model.objects.get(pk=row_id)

    @property
    def field(self):
        return self.holder._meta.get_field(self.name)

    def stored(self):
        """The holder as the database has it now (None once deleted)."""
        return type(self.holder).objects.filter(pk=self.holder.pk).first()

    def new_file(self):
        if isinstance(self.field, models.ImageField):
            return uploaded_png("anh-moi.png", width=64, height=48, color=(10, 10, 200))
        return uploaded_pdf("van-ban-moi.pdf", text="Van ban moi")

    def bad_file(self):
        if isinstance(self.field, models.ImageField):
            return SimpleUploadedFile("anh-gia.png", b"Day khong phai la anh", content_type="image/png")
        return SimpleUploadedFile("van-ban-gia.pdf", b"Ban nhap, chua ky", content_type="application/pdf")


def every_value(obj):
    """What staff would notice lost: every stored column, and every many-to-many choice."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in {"updated_at", "search_title", "search_text", "search_vector"}
    }
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    for file_field in (f for f in obj._meta.concrete_fields if isinstance(f, models.FileField)):
        values[file_field.attname] = getattr(obj, file_field.attname).name
    return values


def related_values(obj):
    """Every value of the object and of the rows its inlines edit."""
    related = {"": every_value(obj)}
    for relation in obj._meta.related_objects:
        if relation.one_to_many and relation.related_model._meta.app_label in {"agreements", "news"}:
            rows = getattr(obj, relation.get_accessor_name()).order_by("pk")
            related[relation.name] = [every_value(row) for row in rows]
    return related


@pytest.fixture(params=FILE_FIELDS, ids=case_id)
def case(request):
    return request.param


def logged_in_file_field(case, user, client):
    model = case[0]
    if model not in FILLED:
        pytest.fail(f"{model.__name__} has a file field in the admin: add a builder for it to FILLED")
    client.force_login(user)
    return FileField(case, FILLED[model](), user, client)


@pytest.fixture
def file_field(case, publisher, client):
    """As a publisher: the objects are published, and an editor's change to published content is a
    pending revision that leaves the stored files alone (tests/revisions, the staff journeys)."""
    return logged_in_file_field(case, publisher, client)


@pytest.fixture(params=ROLES)
def file_field_as_each_role(request, case, client):
    return logged_in_file_field(case, request.getfixturevalue(request.param), client)


def post(client, file_field, **changes):
    page = client.get(file_field.url)
    assert page.status_code == 200
    return client.post(file_field.url, form_data(page.content, file_field.form_id) | changes)


def may_change(file_field):
    """Whether the admin lets this user change this object (an editor only reads a published progress entry)."""
    request = RequestFactory().get(file_field.url)
    request.user = file_field.user
    return admin.site.get_model_admin(file_field.model).has_change_permission(request, file_field.obj)


def saved_or_refused(response, file_field):
    if may_change(file_field):
        return saved(response)
    assert response.status_code == 403, "a user the admin shows the object read-only to cannot save it"
    return response


def saved(response):
    errors = response.context and [
        response.context["adminform"].form.errors,
        *(formset.formset.errors for formset in response.context["inline_admin_formsets"]),
    ]
    assert response.status_code == 302, errors
    return response


def test_every_picture_and_document_field_of_the_admin_is_covered():
    assert {case_id(case) for case in FILE_FIELDS} >= {
        "Organization.logo",
        "Article.cover_image",
        "Article.ArticleImage.image",
        "Programme.document",
    }


@pytest.mark.django_db
class SavingFilesTests:
    def test_an_object_saved_unchanged_keeps_every_value_and_file(self, client, file_field_as_each_role):
        file_field = file_field_as_each_role
        before = related_values(file_field.obj)
        saved_or_refused(post(client, file_field), file_field)
        file_field.obj.refresh_from_db()
        assert related_values(file_field.obj) == before

    def test_saving_unchanged_never_opens_the_stored_file(self, client, file_field_as_each_role):
        file_field = file_field_as_each_role
        # A picture gone from the media folder must not stop staff correcting a typo, nor lose its size.
        name = getattr(file_field.holder, file_field.name).name
        default_storage.delete(name)
        before = related_values(file_field.obj)
        saved_or_refused(post(client, file_field), file_field)
        file_field.obj.refresh_from_db()
        assert related_values(file_field.obj) == before

    def test_a_new_file_replaces_the_old_one(self, media_storage, client, file_field):
        old_name = getattr(file_field.holder, file_field.name).name
        saved(post(client, file_field, **{file_field.input_name: file_field.new_file()}))
        stored = getattr(file_field.stored(), file_field.name)
        assert stored.name != old_name
        with default_storage.open(stored.name) as content:
            if isinstance(file_field.field, models.ImageField):
                assert Image.open(content).size == (64, 48)
                assert (stored.width, stored.height) == (64, 48)
            else:
                assert b"Van ban moi" in content.read()

    def test_a_new_file_that_is_not_what_it_claims_is_refused_and_the_old_one_kept(self, client, file_field):
        before = related_values(file_field.obj)
        response = post(client, file_field, **{file_field.input_name: file_field.bad_file()})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Hãy tải lên một hình ảnh hợp lệ" in html or "Văn bản ký kết phải là tệp PDF." in html
        file_field.obj.refresh_from_db()
        assert related_values(file_field.obj) == before

    def test_a_file_can_be_cleared(self, media_storage, client, file_field):
        if file_field.field.blank:
            saved(post(client, file_field, **{f"{file_field.input_name}-clear": "on"}))
            assert not getattr(file_field.stored(), file_field.name)
        else:  # a row that cannot be without its file (a gallery picture) is removed instead
            saved(post(client, file_field, **{file_field.input_name.removesuffix(file_field.name) + "DELETE": "on"}))
            assert file_field.stored() is None
        file_field.obj.refresh_from_db()
        assert file_field.obj.pk
