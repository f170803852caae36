"""PostgreSQL only: GIN indexes for the site search over organizations.

Search folds text in SQL (``core.fulltext.SearchFold``: unaccent, lowercase, words only). Folding
every organization's name and description on each search took most of a second at 5,000
organizations. An expression index needs immutable functions and ``unaccent()`` is only stable (its
dictionary could change), so ``kp_unaccent`` wraps it as immutable, the usual way; the search
expressions use it. Two indexes: the whole searched text (which organizations match) and the names
(which of them rank first). The expressions must stay exactly those of ``core.fulltext``.

The index expressions keep no statistics (``SET STATISTICS 0``). With them, PostgreSQL sees that a
common word ("khuyen") is in nearly every row and reads the whole table instead, folding each
row's text again to check it (half a second at 3,000 programmes): its cost model charges the same
check to the index path, which in fact never runs it (the GIN matches are exact). Without them it
assumes a selective match and always takes the index.
SQLite (the embedded default) folds at query time and gets nothing here.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

from core.fulltext import folded_document

CREATE_IMMUTABLE_UNACCENT = """
CREATE OR REPLACE FUNCTION kp_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""
TITLE_FIELDS = ("name", "short_name", "abbreviation", "aliases")
INDEXES = {
    "organization_search_text": (*TITLE_FIELDS, "description", "address"),
    "organization_search_title": TITLE_FIELDS,
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    UnaccentExtension().database_forwards("organizations", schema_editor, None, None)
    schema_editor.execute(CREATE_IMMUTABLE_UNACCENT)
    Organization = apps.get_model("organizations", "Organization")
    for name, fields in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.add_index(Organization, GinIndex(folded_document(fields), name=name))
        # No statistics: see the module docstring.
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # kp_unaccent stays: agreements' search indexes may still use it.


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_alter_organization_logo"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
