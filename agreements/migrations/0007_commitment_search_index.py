"""PostgreSQL only: a GIN index for finding programmes by their commitments' texts.

The site search finds a programme by the words of its commitments too ("mo hinh hoc tap" finds the
programme committed to "xây dựng mô hình học tập"); as 0005, the expression must stay exactly that
of ``core.fulltext`` (``PROGRAMME_RELATED_TEXT``), or the search stops using the index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from core.fulltext import folded_document

NAME = "commitment_search_text"
FIELDS = ("title", "description")


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Commitment = apps.get_model("agreements", "Commitment")
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
    schema_editor.add_index(Commitment, GinIndex(folded_document(FIELDS), name=NAME))
    # No statistics: see organizations 0004.
    schema_editor.execute(f"ALTER INDEX {NAME} ALTER COLUMN 1 SET STATISTICS 0")


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_upload_extension_messages"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
