"""The stamp of the recompute's region-wide inputs (issue 15, ``hadir.attendance.
region_inputs``): one row whose random value triggers replace on every change to a table
those inputs come from.

A later migration that rebuilds one of these tables on SQLite drops its triggers and must
create them again (``tests/attendance/test_region_inputs.py`` fails without them). A table
added to ``region_inputs.WATCHED_TABLES`` needs a migration of its own that adds its triggers.
"""

from django.db import migrations, models

# A frozen copy of region_inputs.WATCHED_TABLES as it was when this migration was written.
WATCHED_TABLES = (
    "schedules_policydocument",
    "schedules_calendarentry",
    "schedules_holidayworkingunit",
    "schedules_workschedule",
    "schedules_shift",
    "schedules_scheduleoverride",
    "events_event",
    "events_event_units",
    "org_unit",
)
STAMP = "attendance_inputsstamp"
# Not INSERT OR REPLACE: inside a trigger SQLite applies the conflict clause of the statement
# that fired it, so a Django INSERT OR IGNORE (a many-to-many add) would ignore the new stamp.
# These two statements cannot conflict (one writer at a time).
SQLITE_NEW_STAMP = (
    f"INSERT INTO {STAMP} (id, value) SELECT 1, 0 WHERE NOT EXISTS "
    f"(SELECT 1 FROM {STAMP} WHERE id = 1); "
    f"UPDATE {STAMP} SET value = random() WHERE id = 1;"
)


def _sqlite(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_stamp_{event.lower()} AFTER {event} ON {table}
           FOR EACH ROW BEGIN {SQLITE_NEW_STAMP} END;"""
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


SQLITE_FIRST_STAMP = f"INSERT INTO {STAMP} (id, value) VALUES (1, random())"
POSTGRES_FIRST_STAMP = f"INSERT INTO {STAMP} (id, value) VALUES (1, floor(random() * 9.2e18))"
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION attendance_inputs_changed() RETURNS trigger AS $$
BEGIN
  INSERT INTO {STAMP} (id, value) VALUES (1, floor(random() * 9.2e18)::bigint)
  ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
  RETURN NULL;
END; $$ LANGUAGE plpgsql;"""


def _postgres(table: str) -> list[str]:
    # Once per statement (a bulk change bumps once), TRUNCATE included.
    return [
        f"""CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
           ON {table} FOR EACH STATEMENT EXECUTE FUNCTION attendance_inputs_changed();"""
    ]


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    statements = [POSTGRES_FUNCTION] if postgres else []
    for table in WATCHED_TABLES:
        statements += _postgres(table) if postgres else _sqlite(table)
    statements.append(POSTGRES_FIRST_STAMP if postgres else SQLITE_FIRST_STAMP)
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for table in WATCHED_TABLES:
        if postgres:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{event}")
    if postgres:
        schema_editor.execute("DROP FUNCTION IF EXISTS attendance_inputs_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0005_h15_skip_day_fingerprint"),
        ("schedules", "0004_default_hours_and_shifts"),
        ("events", "0001_h14_apel_events"),
        ("org", "0002_region_records_start"),
    ]

    operations = [
        migrations.CreateModel(
            name="InputsStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
