"""Editors' proposals made the way the admin makes them: the change page, a field or two changed, "Lưu"."""

from django.urls import reverse

from tests.security.forms import form_data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def save_in_admin(client, obj, **changes):
    """Post the change page of ``obj`` as shown, with ``changes``; returns the response."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    data = form_data(page.content, f"{obj._meta.model_name}_form")
    data.update(changes)
    data["_save"] = "Lưu"
    return client.post(change_url(obj), data)


def review_url(revision):
    return reverse("admin:revisions_revision_change", args=[revision.pk])


def inline_row(client, obj, prefix, pk):
    """The form prefix ("commitments-0") of the inline row showing the part ``pk`` on the change page."""
    fields = form_data(client.get(change_url(obj)).content, f"{obj._meta.model_name}_form")
    return next(
        name.removesuffix("-id")
        for name, values in fields.items()
        if name.startswith(f"{prefix}-") and name.endswith("-id") and values == str(pk)
    )
