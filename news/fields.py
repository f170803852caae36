from django_prose_editor.fields import ProseEditorField

from news.sanitize import sanitize_html

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "Image": True,
    "Figure": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Caption": True,
    "History": True,
    # Vietnamese toolbar labels (static/admin/js/prose_editor_vi.js, DJANGO_PROSE_EDITOR_EXTENSIONS).
    "VietnameseMenu": True,
}


class _JustSanitized(str):
    """A value ``pre_save`` has just sanitized, on its way to ``get_db_prep_save``: not cleaned twice."""


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with django-prose-editor and sanitized on every write path.

    ``get_db_prep_save`` is what every write goes through — ``save()``, ``bulk_create()``,
    ``QuerySet.update()`` and ``bulk_update()`` — so a value is cleaned right before it is stored.
    ``pre_save`` cleans the instance's value as well, so that after ``save()`` the object holds what
    was stored and derived fields (the search text) are computed from the clean HTML. Lookups
    (``get_prep_value``) are left alone: ``filter(body__contains="<script")`` must find raw HTML,
    not match everything. Not covered: an update to an expression (``update(body=Concat(…))`` or a
    bare ``Value(…)``), which is computed in the database; no code writes the body that way.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", EDITOR_EXTENSIONS)
        kwargs["sanitize"] = sanitize_html
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return _JustSanitized(value)

    def get_db_prep_save(self, value, connection):
        if isinstance(value, _JustSanitized):
            value = str(value)
        elif not hasattr(value, "as_sql"):
            # (An expression passes through: bulk_update()'s CASE brings its values here one by one as Value(…).)
            value = self.get_prep_value(value)
            if value is not None:
                value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)
