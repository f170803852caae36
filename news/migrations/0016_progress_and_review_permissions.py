"""Both staff groups may enter progress entries of commitments, the assessments of reviews and the
evidence articles of progress entries. Publishing a progress entry uses the programme's publish
permission, which only publishers hold (0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Biên tập viên", "Xuất bản"]
MODELS = {"agreements": ["commitmentprogress", "reviewassessment"], "news": ["progressevidence"]}
ACTIONS = ["add", "change", "view", "delete"]


def progress_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.none()
    for app_label, models in MODELS.items():
        found |= Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for model in models for action in ACTIONS],
        )
    return found


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so groups can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    permissions = list(progress_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = list(progress_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("agreements", "0008_commitment_progress_and_review_results"),
        ("news", "0015_progress_evidence"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
