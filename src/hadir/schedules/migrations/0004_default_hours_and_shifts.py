from datetime import time

from django.db import migrations

from hadir.schedules.defaults import DEFAULT_SCHEDULES, DEFAULT_SHIFTS


def add(apps, schema_editor):
    WorkSchedule = apps.get_model("schedules", "WorkSchedule")
    Shift = apps.get_model("schedules", "Shift")
    for code, name, description, hours, is_roster in DEFAULT_SCHEDULES:
        WorkSchedule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "hours": hours,
                "is_roster": is_roster,
            },
        )
    for code, label, start, end in DEFAULT_SHIFTS:
        Shift.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "start": time.fromisoformat(start),
                "end": time.fromisoformat(end),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("schedules", "0003_hours_rosters_calendar_policy")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
