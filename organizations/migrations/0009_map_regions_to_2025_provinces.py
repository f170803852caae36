from django.db import migrations

from organizations.provinces import map_regions_to_units


def map_regions(apps, schema_editor):
    map_regions_to_units(apps.get_model("organizations", "Region"), apps.get_model("organizations", "Organization"))


class Migration(migrations.Migration):
    """Regions become the 34 provinces and cities of July 2025; former provinces are merged into
    their new unit (organizations moved, the old name kept as a former name). Not reversible in
    content: going back leaves the merged regions as they are."""

    dependencies = [
        ("organizations", "0008_region_official_code_and_former_names"),
    ]

    operations = [
        migrations.RunPython(map_regions, migrations.RunPython.noop),
    ]
