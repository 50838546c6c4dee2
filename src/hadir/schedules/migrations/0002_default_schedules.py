from django.db import migrations


def add(apps, schema_editor):
    # The first three codes; later migrations (0004) bring the full defaults.
    WorkSchedule = apps.get_model("schedules", "WorkSchedule")
    for code, name in (("5HK", "5 hari kerja"), ("6HK", "6 hari kerja"), ("SHIFT", "Shift")):
        WorkSchedule.objects.using(schema_editor.connection.alias).get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("schedules", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
