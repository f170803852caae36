"""The two staff groups: editors write, publishers also publish."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Biên tập viên"
PUBLISHERS = "Xuất bản"

CONTENT_MODELS = {
    "organizations": ["region", "organization"],
    "agreements": ["programme", "party", "signatory", "commitment", "review"],
    "news": ["category", "article", "articleimage"],
}
PUBLISH_PERMISSIONS = [("agreements", "publish_programme"), ("news", "publish_article")]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editing = []
    for app_label, models in CONTENT_MODELS.items():
        for model in models:
            for action in (
                ("add", "change", "view", "delete") if app_label != "organizations" else ("add", "change", "view")
            ):
                editing.append(Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}"))
    publishing = [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in PUBLISH_PERMISSIONS]

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(editing)
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(editing + publishing)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0001_initial"),
        ("agreements", "0002_signatory_organization_is_party"),
        ("news", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
