"""Staff journeys in Chromium for every model of the admin and every role that may change it
(issue 12): open an existing object that has every optional file filled, save it unchanged, change
one field, replace and clear its pictures or document, delete it, add a new one with pictures.

Generated from the admin registry: a model registered later gets its journeys without a new test
(they fail until ``EXISTING`` in tests/browser/journeys.py can build one). Each step fails on a
server error, English on the page, a missing Vietnamese success message or a field that lost its
value; where the model has a public page, the page must show the change."""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from importer.models import ImportRecord
from tests.browser.journeys import EXISTING, Journey, permissions, public_url, registered_models, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ["superuser", "editor", "publisher"]
# A few steps worth a person's look (test-artifacts/journey-*.png).
SCREENSHOTS = {("article", "editor"), ("organization", "publisher"), ("programme", "superuser")}
FILE_MARK = " (tệp)"
# Models whose "add" is a flow of its own, journeyed elsewhere: here its first page must open cleanly.
OWN_ADD_FLOW = {ImportRecord: "tests/browser/test_importer.py"}


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def rows(model):
    return QuerySet(model=model)


def main_values(values):
    """The main form's own fields (inline rows are named "<prefix>-<n>-<field>")."""
    return {
        name: value
        for name, value in values.items()
        if "-" not in name.split(" ")[0] and not name.startswith(("chỉ đọc", "password"))
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m.__name__.lower())
def test_staff_journey(page, live_server, artifacts, request, model, role):
    if model not in EXISTING:
        pytest.fail(f"{model.__name__} is in the admin: add a builder of a filled one to EXISTING")
    user = request.getfixturevalue(role)
    may = permissions(model, user)
    obj = EXISTING[model]()
    name = f"{model.__name__.lower()}-{role}"
    journey = Journey(page, live_server, user, artifacts, name)
    shoot = (model.__name__.lower(), role) in SCREENSHOTS
    change_url = admin_url(model, "change", obj.pk)

    if not (may["view"] or may["change"]):
        journey.open(change_url, status=403)
        return
    journey.open(change_url)
    if shoot:
        journey.screenshot("1-mo-trang-sua")
    if not may["change"]:
        assert page.locator("input[name=_save]").count() == 0, f"{name}: a save button without the right to change"
    else:
        change_steps(journey, model, obj, change_url, shoot)

    if may["delete"]:
        delete_steps(journey, model, obj, change_url, shoot)
    elif rows(model).filter(pk=obj.pk).exists():
        journey.open(change_url)
        assert page.locator("a.deletelink").count() == 0, f"{name}: a delete link without the right to delete"

    if may["add"] and model in OWN_ADD_FLOW:
        journey.open(admin_url(model, "add"))
    elif may["add"]:
        add_steps(journey, model, role, shoot)


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
        field_name, new_value = field.get_attribute("name"), field.input_value() + " (đã sửa)"
        field.fill(new_value)
        changed = {field_name: new_value}
    else:
        box = journey.first_checkbox()
        changed = {box.get_attribute("name"): not box.is_checked()} if box is not None else {}
        if box is not None:
            box.set_checked(not box.is_checked())
    if changed:
        journey.save("sua-mot-truong")
        journey.open(change_url)
        after = journey.values()
        assert after == before | changed, f"{journey.name}: after changing {changed} the form differs"
        before = after
        public = public_url(rows(model).get(pk=obj.pk))
        if public and field is not None:
            journey.open(public)
            assert new_value in page.inner_text("body"), f"{journey.name}: {public} does not show {new_value!r}"

    stored = journey.stored_files()
    if not stored:
        return
    journey.open(change_url)
    for number, (input_name, kind) in enumerate(stored):
        page.set_input_files(f"input[name='{input_name}']", upload(kind, f"tep-thay-the-{number}"))
    journey.save("thay-tep")
    journey.open(change_url)
    after = journey.values()
    for input_name, _kind in stored:
        assert "tep-thay-the-" in after[input_name + FILE_MARK], f"{journey.name}: {input_name} was not replaced"
    unchanged = {k: v for k, v in after.items() if FILE_MARK not in k and not k.startswith("chỉ đọc")}
    assert unchanged == {k: v for k, v in before.items() if k in unchanged}, f"{journey.name}: a field was lost"
    public = public_url(rows(model).get(pk=obj.pk))
    new_files = [after[input_name + FILE_MARK].rsplit("/", 1)[-1] for input_name, _kind in stored]
    if public:
        journey.open(public)
        html = page.content()
        assert any(file_name in html for file_name in new_files), f"{journey.name}: {public} shows no new file"

    journey.open(change_url)
    for input_name, _kind in stored:
        clear = page.locator(f"input[name='{input_name}-clear']")
        if clear.count():
            clear.check()
        else:  # a gallery picture cannot be without its file: its row is removed instead
            page.check(f"input[name='{input_name.rsplit('-', 1)[0]}-DELETE']")
    journey.save("bo-tep")
    journey.open(change_url)
    assert journey.stored_files() == [], f"{journey.name}: a file is still there after clearing"
    if public:
        journey.open(public)
        html = page.content()
        assert not any(file_name in html for file_name in new_files), f"{journey.name}: {public} still shows a file"


def delete_steps(journey, model, obj, change_url, shoot):
    page = journey.page
    public = public_url(obj) if rows(model).filter(pk=obj.pk).exists() else None
    journey.open(change_url)
    with page.expect_navigation():
        page.click("a.deletelink")
    journey.check("trang-xac-nhan-xoa")
    if shoot:
        journey.screenshot("3-xac-nhan-xoa")
    with page.expect_navigation():
        page.click("#content form input[type=submit]")
    journey.check("xoa")
    assert page.locator(".messagelist .success").count() == 1, f"{journey.name}: no message after deleting"
    assert not rows(model).filter(pk=obj.pk).exists(), f"{journey.name}: still there after deleting"
    if public:
        journey.open(public, status=404)


def add_steps(journey, model, role, shoot):
    page = journey.page
    existing = set(rows(model).values_list("pk", flat=True))
    journey.open(admin_url(model, "add"))
    file_inputs = journey.form().locator("input[type=file]:not(.empty-form *)").all()
    for number, file_input in enumerate(file_inputs):
        kind = "image" if "image" in (file_input.get_attribute("accept") or "") else "document"
        file_input.set_input_files(upload(kind, f"tep-moi-{number}"))
    journey.fill_required(f"moi-{role}")
    filled = main_values(journey.values())
    if shoot:
        journey.screenshot("4-them-moi")
    journey.save("them-moi")
    added = rows(model).exclude(pk__in=existing)
    assert added.count() == 1, f"{journey.name}: adding created {added.count()} rows"
    journey.open(admin_url(model, "change", added.get().pk))
    after = journey.values()
    assert len([k for k, v in after.items() if k.endswith(FILE_MARK) and v]) == len(file_inputs)
    kept = {k: v for k, v in main_values(after).items() if k in filled}
    assert kept == {k: filled[k] for k in kept}, f"{journey.name}: the new one lost a value"
