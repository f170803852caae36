"""PostgreSQL only: a GIN index on the article's folded title, for the site search.

Search ranks only a bounded set of candidates (core/fulltext.py): the newest matches, and the
newest articles holding every word of the query in their title. The second set comes from this
index when the words are rare in titles; for common ones PostgreSQL walks the newest articles.
The expression must stay exactly ``core.fulltext.article_title_document()``.
"""

from django.db import migrations

SEARCH_TITLE_INDEX = "article_search_title"


def create_title_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {SEARCH_TITLE_INDEX} ON news_article "
        "USING gin (to_tsvector('simple'::regconfig, search_title))"
    )


def drop_title_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_TITLE_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_source_url_web_address_only"),
    ]

    operations = [
        migrations.RunPython(create_title_index, drop_title_index, elidable=False),
    ]
