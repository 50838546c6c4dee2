from django.db import migrations

from hadir.schedules.defaults import DEFAULT_SCHEDULES


def add(apps, schema_editor):
    WorkSchedule = apps.get_model("schedules", "WorkSchedule")
    for code, name, description in DEFAULT_SCHEDULES:
        WorkSchedule.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("schedules", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
