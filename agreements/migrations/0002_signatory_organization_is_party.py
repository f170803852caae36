"""A signatory's organization must be a party of the same programme, enforced by the database.

PostgreSQL (production): a composite foreign key (programme, organization) -> party, deferred to
commit so that a programme's parties and signatories can be written in any order.
SQLite (embedded default): triggers refuse such a signatory on insert and update.
"""

from django.db import migrations

POSTGRES_FORWARD = """
ALTER TABLE agreements_signatory
  ADD CONSTRAINT signatory_organization_is_party
  FOREIGN KEY (programme_id, organization_id)
  REFERENCES agreements_party (programme_id, organization_id)
  DEFERRABLE INITIALLY DEFERRED;
"""
POSTGRES_BACKWARD = "ALTER TABLE agreements_signatory DROP CONSTRAINT signatory_organization_is_party;"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER signatory_organization_is_party_{event}
    BEFORE {event} ON agreements_signatory
    WHEN NOT EXISTS (
      SELECT 1 FROM agreements_party
      WHERE programme_id = NEW.programme_id AND organization_id = NEW.organization_id
    )
    BEGIN
      SELECT RAISE(ABORT, 'signatory_organization_is_party');
    END;
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS signatory_organization_is_party_{e};" for e in ("INSERT", "UPDATE")]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
