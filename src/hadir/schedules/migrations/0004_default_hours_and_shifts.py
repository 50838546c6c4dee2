from django.db import migrations

from hadir.schedules.defaults import DEFAULT_SCHEDULES, install_defaults


def add(apps, schema_editor):
    WorkSchedule = apps.get_model("schedules", "WorkSchedule")
    db = schema_editor.connection.alias
    # The codes 0002 created get their hours; the rest is created.
    for code, _name, description, hours, is_roster in DEFAULT_SCHEDULES:
        WorkSchedule.objects.using(db).filter(code=code).update(
            description=description, hours=hours, is_roster=is_roster
        )
    install_defaults(WorkSchedule, apps.get_model("schedules", "Shift"), using=db)


class Migration(migrations.Migration):
    dependencies = [("schedules", "0003_hours_rosters_calendar_policy")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
