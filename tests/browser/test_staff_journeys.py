"""Staff journeys in Chromium for every model of the admin and every role (issue 12): open an
existing object that has every optional file filled, save it unchanged ("Lưu"), change one field,
replace and clear its pictures or document, delete it, add a new one with pictures.

Generated from the admin registry: a model registered later gets its journeys without a new test
(they fail until ``EXISTING`` in tests/browser/journeys.py can build one). Each step fails on a
server error, English on the page, a missing Vietnamese success message or a field that lost its
value; where the model has a public page, the page must show the change.

One test per model walks it as each role, each in its own browser page: a role the admin refuses
must get a refusal; a role whose admin for the model is the same as one already walked (same
rights, same fields) gets the short walk (save unchanged, change one field), to keep the suite
within minutes."""

import pytest
from django.contrib import admin
from django.db.models import FileField, QuerySet
from django.test import RequestFactory
from django.urls import reverse

from importer.models import ImportRecord
from tests.browser.journeys import (
    EXISTING,
    Journey,
    permissions,
    public_url,
    registered_models,
    upload,
    waits_for_review,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ["editor", "publisher", "superuser"]  # the superuser last: it deletes what the others may not
# A few steps worth a person's look (test-artifacts/journey-*.png).
SCREENSHOTS = {("article", "editor"), ("organization", "superuser"), ("programme", "publisher")}
FILE_MARK = " (tệp)"
# Models whose "add" is a flow of its own, journeyed elsewhere: here its first page must open cleanly.
OWN_ADD_FLOW = {ImportRecord: "tests/browser/test_importer.py"}


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def rows(model):
    return QuerySet(model=model)


def has_files(model):
    model_admin = admin.site.get_model_admin(model)
    models = [model, *(inline.model for inline in model_admin.inlines)]
    return any(isinstance(field, FileField) for m in models for field in m._meta.get_fields())


def admin_as(model, user):
    """What the admin shows ``user`` for ``model``: rights, fields, read-only fields (public ModelAdmin API)."""
    request = RequestFactory().get("/quan-tri/")
    request.user = user
    model_admin = admin.site.get_model_admin(model)
    fields = tuple(model_admin.get_fields(request)) if permissions(model, user)["view"] else ()
    return (tuple(sorted(permissions(model, user).items())), fields, tuple(model_admin.get_readonly_fields(request)))


def main_values(values):
    """The main form's own fields (inline rows are named "<prefix>-<n>-<field>")."""
    return {
        name: value
        for name, value in values.items()
        if "-" not in name.split(" ")[0] and not name.startswith(("chỉ đọc", "password"))
    }


def same_fields(after, before):
    """``after`` keeps every value of ``before`` (files and read-only texts aside)."""
    kept = {k: v for k, v in after.items() if FILE_MARK not in k and not k.startswith("chỉ đọc")}
    return kept == {k: v for k, v in before.items() if k in kept}


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m.__name__.lower())
def test_every_role_walks_the_model_in_the_admin(browser, live_server, artifacts, request, model):
    if model not in EXISTING:
        pytest.fail(f"{model.__name__} is in the admin: add a builder of a filled one to EXISTING")
    walked, refused_obj = set(), None
    for role in ROLES:
        user = request.getfixturevalue(role)
        may = permissions(model, user)
        journey = Journey(browser, live_server, user, artifacts, f"{model.__name__.lower()}-{role}")
        try:
            if not (may["view"] or may["change"]):
                refused_obj = refused_obj or EXISTING[model]()
                journey.open(admin_url(model, "change", refused_obj.pk), status=403)
                journey.steps.append("bị từ chối (403)")
                continue
            seen = admin_as(model, user)
            walk(journey, model, may, short=seen in walked, shoot=(model.__name__.lower(), role) in SCREENSHOTS)
            walked.add(seen)
        finally:
            journey.close()
            with (artifacts / "journey-steps.txt").open("a", encoding="utf-8") as record:
                record.write(f"{model.__name__}\t{role}\t{', '.join(journey.steps)}\n")


def walk(journey, model, may, *, short, shoot):
    obj = EXISTING[model]()
    may = permissions(model, journey.user, obj)
    change_url = admin_url(model, "change", obj.pk)
    journey.open(change_url)
    if shoot:
        journey.screenshot("1-mo-trang-sua")
    if not may["delete"]:
        assert journey.page.locator("a.deletelink").count() == 0, f"{journey.name}: a delete link"
        journey.steps.append("không được xóa")
    if not may["change"]:
        assert journey.page.locator("input[name=_save]").count() == 0, f"{journey.name}: a save button"
        journey.steps.append("chỉ xem")
    else:
        change_steps(journey, model, obj, change_url, shoot)
        if not short and has_files(model):
            file_steps(journey, model, obj, change_url, shoot)
    if short:
        return
    if may["delete"]:
        delete_steps(journey, model, obj, change_url, shoot)
    if may["add"] and model in OWN_ADD_FLOW:
        journey.open(admin_url(model, "add"))
        journey.steps.append("mở trang nhập")
    elif may["add"]:
        add_steps(journey, model, journey.name.rsplit("-", 1)[1], shoot)


def change_steps(journey, model, obj, change_url, shoot):
    page = journey.page
    before = journey.values()
    journey.save("luu-khong-doi")
    if shoot:
        journey.screenshot("2-da-luu")
    journey.open(change_url)
    assert journey.values() == before, f"{journey.name}: saving unchanged changed the form"

    field = journey.first_text_field()
    if field is not None:
        new_value = field.input_value() + " (đã sửa)"
        changed = {field.get_attribute("name"): new_value}
        field.fill(new_value)
    else:
        box = journey.first_checkbox()
        if box is None:  # nothing staff may edit (a log): saving unchanged was the journey
            return
        changed = {box.get_attribute("name"): not box.is_checked()}
        box.set_checked(not box.is_checked())
    journey.save("sua-mot-truong", button="_continue")
    assert journey.values() == before | changed, f"{journey.name}: after changing {changed} the form differs"
    public = public_url(rows(model).get(pk=obj.pk))
    if public and field is not None and waits_for_review(obj, journey.user):
        # An editor's change to published content is a pending revision (issue 13): readers keep the
        # published version, while the editor's form goes on from the change (checked just above).
        journey.open(public)
        assert new_value not in page.inner_text("body"), f"{journey.name}: {public} shows an unreviewed change"
        journey.steps.append("chờ duyệt, trang công khai chưa đổi")
    elif public and field is not None:
        journey.open(public)
        assert new_value in page.inner_text("body"), f"{journey.name}: {public} does not show {new_value!r}"
        journey.steps.append("trang công khai hiện thay đổi")


def file_steps(journey, model, obj, change_url, shoot):
    """Replace every stored picture or document, then clear them (staff stay on the page: "Lưu và tiếp tục")."""
    page = journey.page
    journey.open(change_url)
    before, stored = journey.values(), journey.stored_files()
    assert stored, f"{journey.name}: the object was built with files, the page offers none"
    for number, (input_name, kind) in enumerate(stored):
        page.set_input_files(f"input[name='{input_name}']", upload(kind, f"tep-thay-the-{number}"))
    journey.save("thay-tep", button="_continue")
    if shoot:
        journey.screenshot("3-da-thay-tep")
    after = journey.values()
    for input_name, _kind in stored:
        assert "tep-thay-the-" in after[input_name + FILE_MARK], f"{journey.name}: {input_name} was not replaced"
    assert same_fields(after, before), f"{journey.name}: replacing files lost a field"
    new_files = [after[input_name + FILE_MARK].rsplit("/", 1)[-1] for input_name, _kind in stored]
    public = public_url(rows(model).get(pk=obj.pk))
    pending = waits_for_review(obj, journey.user)
    if public and pending:
        journey.open(public)
        html = page.content()
        assert not any(name in html for name in new_files), f"{journey.name}: {public} shows unreviewed files"
        journey.steps.append("chờ duyệt, trang công khai chưa có tệp mới")
        journey.open(change_url)
    elif public:
        journey.open(public)
        html = page.content()
        assert any(name in html for name in new_files), f"{journey.name}: {public} shows none of {new_files}"
        journey.steps.append("trang công khai hiện tệp mới")
        journey.open(change_url)
    for input_name, _kind in stored:
        clear = page.locator(f"input[name='{input_name}-clear']")
        if clear.count():
            clear.check()
        else:  # a gallery picture cannot be without its file: its row is removed instead
            page.check(f"input[name='{input_name.rsplit('-', 1)[0]}-DELETE']")
    journey.save("bo-tep", button="_continue")
    assert journey.stored_files() == [], f"{journey.name}: a file is still there after clearing"
    assert same_fields(main_values(journey.values()), main_values(before)), f"{journey.name}: clearing lost a field"
    if public and pending:
        journey.open(public)
        html = page.content()
        stems = [name.rsplit("/", 1)[-1].rsplit(".", 1)[0] for name in published_files(obj)]
        assert all(stem in html for stem in stems), f"{journey.name}: {public} lost a published file of {stems}"
        journey.steps.append("chờ duyệt, trang công khai giữ tệp đã xuất bản")
    elif public:
        journey.open(public)
        html = page.content()
        assert not any(name in html for name in new_files), f"{journey.name}: {public} still shows a file"
        journey.steps.append("trang công khai bỏ tệp")


def published_files(obj):
    """The names of the files the published object shows readers (its own and its inline parts')."""
    obj = rows(type(obj)).get(pk=obj.pk)
    names = [getattr(obj, f.name).name for f in obj._meta.get_fields() if isinstance(f, FileField)]
    for inline in admin.site.get_model_admin(type(obj)).inlines:
        fk = next(f for f in inline.model._meta.get_fields() if getattr(f, "related_model", None) is type(obj))
        for part in rows(inline.model).filter(**{fk.name: obj.pk}):
            names += [getattr(part, f.name).name for f in part._meta.get_fields() if isinstance(f, FileField)]
    return [name for name in names if name]


def delete_steps(journey, model, obj, change_url, shoot):
    page = journey.page
    public = public_url(obj)
    if not page.url.endswith(change_url):
        journey.open(change_url)
    with page.expect_navigation():
        page.click("a.deletelink")
    journey.check("trang-xac-nhan-xoa")
    if shoot:
        journey.screenshot("4-xac-nhan-xoa")
    with page.expect_navigation():
        page.click("#content form input[type=submit]")
    journey.check("xoa")
    journey.expect_success("xoa")
    assert not rows(model).filter(pk=obj.pk).exists(), f"{journey.name}: still there after deleting"
    if public:
        journey.open(public, status=404)
        journey.steps.append("trang công khai 404")


def add_steps(journey, model, role, shoot):
    existing = set(rows(model).values_list("pk", flat=True))
    journey.open(admin_url(model, "add"))
    file_inputs = journey.form().locator("input[type=file]:not(.empty-form *)").all()
    for number, file_input in enumerate(file_inputs):
        kind = "image" if "image" in (file_input.get_attribute("accept") or "") else "document"
        file_input.set_input_files(upload(kind, f"tep-moi-{number}"))
    journey.fill_required(f"moi-{role}")
    filled = main_values(journey.values())
    if shoot:
        journey.screenshot("5-them-moi")
    journey.save("them-moi", button="_continue")
    added = rows(model).exclude(pk__in=existing)
    assert added.count() == 1, f"{journey.name}: adding created {added.count()} rows"
    assert journey.page.url.endswith(admin_url(model, "change", added.get().pk)), journey.page.url
    after = journey.values()
    assert len([k for k, v in after.items() if k.endswith(FILE_MARK) and v]) == len(file_inputs)
    kept = {k: v for k, v in main_values(after).items() if k in filled}
    assert kept == {k: filled[k] for k in kept}, f"{journey.name}: the new one lost a value"
