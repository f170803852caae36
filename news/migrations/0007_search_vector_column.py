"""The article search document as a stored column (computed by the database from search_text),
with a GIN index on PostgreSQL: a common word matching most articles is then read from the index
and the stored vectors, never re-parsed from the text row by row."""

import django.contrib.postgres.search
from django.db import migrations, models

import core.fulltext

SEARCH_INDEX = "news_article_search_vector"
# Created by an earlier version of 0006 on some development databases.
OLD_EXPRESSION_INDEX = "news_article_search_fts"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_EXPRESSION_INDEX}")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON news_article USING gin (search_vector)")


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_search_index_and_moderation_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=core.fulltext.SearchDocument(models.F("search_text")),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="chỉ mục tìm kiếm",
            ),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
