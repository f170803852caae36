"""PostgreSQL only: GIN indexes for the site search over programmes.

As organizations 0004 (which creates ``kp_unaccent``, the immutable unaccent these expressions
use, and says why they keep no statistics): the whole searched text of a programme (which
programmes match) and its title and reference number (which of them rank first). Folding every
programme's text on each search took more than a second at 3,000 programmes. The expressions must
stay exactly those of ``core.fulltext``.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from core.fulltext import folded_document

TITLE_FIELDS = ("title", "reference_number")
INDEXES = {
    "programme_search_text": (*TITLE_FIELDS, "venue", "summary", "objectives"),
    "programme_search_title": TITLE_FIELDS,
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Programme = apps.get_model("agreements", "Programme")
    for name, fields in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.add_index(Programme, GinIndex(folded_document(fields), name=name))
        # No statistics: see organizations 0004.
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_alter_programme_document"),
        ("organizations", "0004_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
