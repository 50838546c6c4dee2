"""A day result's fingerprint (issue 15): a digest of the inputs it was computed from, so a
recompute skips the days whose inputs did not change (``hadir.attendance.day_fingerprint``).

A row edited in the database must still be repaired by the next recompute, without reading
every stored row's columns back to check them: a trigger clears the fingerprint of a row
whose result columns are changed by an UPDATE (the recompute itself never updates a row: it
deletes and inserts), so the next recompute computes that day again. A migration that
rebuilds this table on SQLite drops its triggers and must create this one again
(``tests/attendance/test_day_fingerprint.py`` fails without it).
"""

from django.db import migrations, models

# Every column of a day's result (all but id, computed_at and the fingerprint itself).
RESULT_COLUMNS = (
    "employee_id",
    "day",
    "unit_id",
    "codes",
    "working_day",
    "check_in",
    "check_out",
    "late_minutes",
    "early_minutes",
    "leave_type",
    "explanation",
    "settles_at",
)
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in RESULT_COLUMNS)
_NEW = ", ".join(f"NEW.{c}" for c in RESULT_COLUMNS)
_OLD = ", ".join(f"OLD.{c}" for c in RESULT_COLUMNS)

SQLITE = [
    f"""CREATE TRIGGER attendance_dayrecord_edited AFTER UPDATE ON attendance_dayrecord
       FOR EACH ROW WHEN {_CHANGED}
       BEGIN UPDATE attendance_dayrecord SET fingerprint = NULL WHERE id = NEW.id; END;""",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION attendance_dayrecord_edited() RETURNS trigger AS $$
       BEGIN
         IF ({_NEW}) IS DISTINCT FROM ({_OLD}) THEN NEW.fingerprint := NULL; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER attendance_dayrecord_edited BEFORE UPDATE ON attendance_dayrecord
       FOR EACH ROW EXECUTE FUNCTION attendance_dayrecord_edited();""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS attendance_dayrecord_edited;"]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS attendance_dayrecord_edited ON attendance_dayrecord;",
    "DROP FUNCTION IF EXISTS attendance_dayrecord_edited();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_REVERSE if postgres else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0004_h15_recompute_day_record_indexes")]

    operations = [
        migrations.AddField(
            model_name="dayrecord",
            name="fingerprint",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
