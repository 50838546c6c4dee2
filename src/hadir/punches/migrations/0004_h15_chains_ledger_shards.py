"""The punch ledger becomes K chains ("shards", ``HADIR_LEDGER_SHARDS``): ``LedgerBatch.shard``,
``seq`` unique within a shard. Every existing batch is shard 0, the chain named "ledger",
whose links and head are untouched (shard 0 hashes exactly what it hashed before), so an
existing ledger verifies after the migration as it did before.

SQLite rebuilds the table to drop the unique ``seq``, which loses its triggers: they are
installed again at the end, and before the rebuild when undoing.
"""

from django.db import migrations, models

from hadir.audit import guards


def guard(apps, schema_editor):
    guards.install(
        schema_editor,
        sqlite=guards.LEDGER_SQLITE,
        postgres=guards.LEDGER_POSTGRES,
        functions=guards.LEDGER_FUNCTIONS,
    )


class Migration(migrations.Migration):
    dependencies = [("punches", "0003_ledger_batch")]

    operations = [
        # Undone last: put the triggers back after SQLite rebuilt the table once more.
        migrations.RunPython(migrations.RunPython.noop, guard),
        migrations.AddField(
            model_name="ledgerbatch",
            name="shard",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="ledgerbatch",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddConstraint(
            model_name="ledgerbatch",
            constraint=models.UniqueConstraint(
                fields=("shard", "seq"), name="punches_ledgerbatch_shard_seq"
            ),
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
