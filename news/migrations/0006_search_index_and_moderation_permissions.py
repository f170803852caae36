"""Search support and moderation rights.

- Fills the folded search columns of existing articles (new rows fill them on save).
- PostgreSQL only: the unaccent and pg_trgm extensions (the article index comes in 0007).
  SQLite (the embedded default) has neither and searches the same columns with LIKE.
- Both staff groups may read, moderate and delete readers' comments and messages.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from core.fulltext import search_words
from core.text import html_to_text

GROUPS = ["Biên tập viên", "Xuất bản"]
MODERATED_MODELS = ["comment", "feedback"]


def fill_search_columns(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    changed = []
    for article in Article.objects.only("title", "lead", "body", "byline").iterator(chunk_size=500):
        article.search_title = search_words(article.title)
        article.search_text = search_words(
            " ".join(html_to_text(value) for value in (article.title, article.lead, article.body, article.byline))
        )
        changed.append(article)
    Article.objects.bulk_update(changed, ["search_title", "search_text"], batch_size=500)


def create_postgres_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for operation in (UnaccentExtension(), TrigramExtension()):
        operation.database_forwards("news", schema_editor, None, None)


def grant_moderation(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="news",
        codename__in=[f"{action}_{model}" for model in MODERATED_MODELS for action in ("view", "change", "delete")],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="news", content_type__model__in=MODERATED_MODELS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0005_comments_feedback_search"),
    ]

    operations = [
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        # Reversing leaves the extensions: other schemas or later migrations may rely on them.
        migrations.RunPython(create_postgres_extensions, migrations.RunPython.noop),
        migrations.RunPython(grant_moderation, revoke_moderation),
    ]
