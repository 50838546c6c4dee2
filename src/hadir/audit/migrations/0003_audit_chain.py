"""Chain the audit trail (seq, prev_digest, digest) and refuse DELETE on SQLite too.

Existing events are chained in id order. The append-only triggers are dropped for the
back-fill and created again at the end (SQLite also loses them when a table is rebuilt).
"""

import django.utils.timezone
from django.db import migrations, models

from hadir.audit import guards
from hadir.audit.chain import (
    AUDIT,
    AUDIT_HASHED_FIELDS,
    GENESIS,
    LEDGER,
    audit_content,
    link_digest,
)

CHUNK = 2000


def backfill(apps, schema_editor):
    guards.uninstall(schema_editor, sqlite=guards.AUDIT_SQLITE, postgres=guards.AUDIT_POSTGRES)
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "ChainHead")
    table = schema_editor.connection.ops.quote_name(event_model._meta.db_table)
    db = schema_editor.connection.alias  # migrate --database=X writes to X
    seq, digest, last_id = 0, GENESIS, 0
    while True:
        chunk = list(
            event_model.objects.using(db)
            .filter(id__gt=last_id)
            .order_by("id")
            .values("id", *[f for f in AUDIT_HASHED_FIELDS if f != "seq"])[:CHUNK]
        )
        if not chunk:
            break
        updates = []
        for values in chunk:
            seq += 1
            prev, digest = digest, link_digest(digest, audit_content({**values, "seq": seq}))
            updates.append((seq, prev, digest, values["id"]))
            last_id = values["id"]
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET seq = %s, prev_digest = %s, digest = %s WHERE id = %s",  # noqa: S608
                updates,
            )
    head_model.objects.using(db).update_or_create(name=AUDIT, defaults={"seq": seq, "digest": digest})
    head_model.objects.using(db).get_or_create(name=LEDGER, defaults={"seq": 0, "digest": GENESIS})


def guard(apps, schema_editor):
    guards.install(
        schema_editor,
        sqlite=guards.AUDIT_SQLITE,
        postgres=guards.AUDIT_POSTGRES,
        functions=guards.AUDIT_FUNCTIONS,
    )


def unguard(apps, schema_editor):
    guards.uninstall(schema_editor, sqlite=guards.AUDIT_SQLITE, postgres=guards.AUDIT_POSTGRES)


def reguard_as_0002(apps, schema_editor):
    # Back to what 0002 installed: SQLite refuses UPDATE only.
    guards.install(
        schema_editor,
        sqlite=guards.AUDIT_SQLITE[:1],
        postgres=guards.AUDIT_POSTGRES,
        functions=guards.AUDIT_FUNCTIONS,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        # Undone last: SQLite rebuilds the table when the new columns go, losing triggers.
        migrations.RunPython(migrations.RunPython.noop, reguard_as_0002),
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("digest", models.CharField(max_length=64)),
            ],
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_digest",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="digest",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.RunPython(guard, unguard),
    ]
