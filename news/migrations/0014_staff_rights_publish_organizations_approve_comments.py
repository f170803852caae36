"""Publishers' rights that editors do not have.

- ``news.approve_comment``: approving a reader's comment puts it on the site.
- ``organizations.publish_organization``: new organizations start unpublished (organizations 0008).
- ``organizations.change_host_organization``: the host's masthead, contacts, licence line and
  fanpage appear on every page and in every printed fanpage QR code.

All three go to the "Xuất bản" group (news 0002 made the staff groups); editors get none of them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISHERS = "Xuất bản"
PUBLISHER_PERMISSIONS = [
    ("news", "approve_comment"),
    ("organizations", "publish_organization"),
    ("organizations", "change_host_organization"),
]


def publisher_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PUBLISHER_PERMISSIONS
    ]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can use them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS):
        group.permissions.add(*publisher_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS):
        group.permissions.remove(*publisher_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organizations", "0010_organization_is_published"),
        ("news", "0013_captioned_pictures_described_by_caption"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="comment",
            options={
                "ordering": ["created_at", "pk"],
                "permissions": [("approve_comment", "Có thể duyệt hoặc bỏ duyệt bình luận của bạn đọc")],
                "verbose_name": "bình luận",
                "verbose_name_plural": "bình luận",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
