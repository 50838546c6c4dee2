"""The ledger hash chain: ``LedgerBatch`` and ``Punch.batch``, append-only triggers.

Punches stored before the chain existed are grouped, in id order, into one batch per run of
punches that arrived together (same source, source_ref and received_at: one ingest call),
and chained in that order.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from hadir.audit import guards
from hadir.audit.chain import LEDGER, GENESIS, link_digest

CHUNK = 2000


def _chain_group(apps, schema_editor, group, seq, prev):
    from hadir.punches.ledger import BATCH_HASHED_FIELDS, ContentDigest, punch_line

    batch_model = apps.get_model("punches", "LedgerBatch")
    punch_model = apps.get_model("punches", "Punch")
    content = ContentDigest()
    for punch in sorted(group, key=lambda p: p["key"]):
        content.add(punch_line(punch))
    first = group[0]
    sealed = {
        "seq": seq,
        "source": first["source"],
        "source_ref": first["source_ref"],
        "count": content.count,
        "content_digest": content.hexdigest(),
        "created_at": first["received_at"],
    }
    digest = link_digest(prev, {name: sealed[name] for name in BATCH_HASHED_FIELDS})
    db = schema_editor.connection.alias  # migrate --database=X writes to X, not the default
    batch = batch_model.objects.using(db).create(prev_digest=prev, digest=digest, **sealed)
    ids = [p["id"] for p in group]
    for start in range(0, len(ids), 500):
        punch_model.objects.using(db).filter(id__in=ids[start : start + 500]).update(batch=batch)
    return digest


def backfill(apps, schema_editor):
    from hadir.punches.ledger import PUNCH_HASHED_FIELDS

    punch_model = apps.get_model("punches", "Punch")
    head_model = apps.get_model("audit", "ChainHead")
    db = schema_editor.connection.alias
    fields = ("id", "received_at", *PUNCH_HASHED_FIELDS)
    seq, digest, last_id = 0, GENESIS, 0
    group, group_of = [], None
    while True:
        chunk = list(punch_model.objects.using(db).filter(id__gt=last_id).order_by("id").values(*fields)[:CHUNK])
        if not chunk:
            break
        for punch in chunk:
            last_id = punch["id"]
            arrival = (punch["source"], punch["source_ref"], punch["received_at"])
            if group and arrival != group_of:
                seq += 1
                digest = _chain_group(apps, schema_editor, group, seq, digest)
                group = []
            group.append(punch)
            group_of = arrival
    if group:
        seq += 1
        digest = _chain_group(apps, schema_editor, group, seq, digest)
    head_model.objects.using(db).update_or_create(name=LEDGER, defaults={"seq": seq, "digest": digest})


def guard(apps, schema_editor):
    guards.install(
        schema_editor,
        sqlite=guards.LEDGER_SQLITE,
        postgres=guards.LEDGER_POSTGRES,
        functions=guards.LEDGER_FUNCTIONS,
    )


def unguard(apps, schema_editor):
    guards.uninstall(schema_editor, sqlite=guards.LEDGER_SQLITE, postgres=guards.LEDGER_POSTGRES)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_audit_chain"),
        ("punches", "0002_punch_hold"),
    ]

    operations = [
        migrations.CreateModel(
            name="LedgerBatch",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(null=True, unique=True)),
                ("source", models.CharField(choices=[("push", "Machine (push)"), ("agent", "Machine (LAN agent)"), ("usb", "Flashdisk file"), ("app", "Phone"), ("manual", "Manual sheet")], max_length=10)),
                ("source_ref", models.CharField(blank=True, max_length=100)),
                ("count", models.PositiveIntegerField(default=0)),
                ("content_digest", models.CharField(blank=True, max_length=64)),
                ("prev_digest", models.CharField(blank=True, max_length=64)),
                ("digest", models.CharField(blank=True, max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name="punch",
            name="batch",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="punches", to="punches.ledgerbatch"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
