"""The filing window: the last allowed minute and the first refused one in the region's zone,
working-day counting, dispensations."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hadir.audit.models import AuditEvent
from hadir.org.services import region_configure
from hadir.requests.services import EntryIn, manual_sheet_submit, request_submit
from hadir.requests.window import deadline_for, dispensation_grant, dispensation_revoke
from hadir.rules import bundled_policy_text
from hadir.schedules.services import policy_save
from tests.requests.helpers import at, png_bytes, upload

WITA = ZoneInfo("Asia/Makassar")


def izin(people, who: str, day: date, now):
    actor = people["budi_user"] if who == "budi" else people["operator"]
    return request_submit(
        actor=actor,
        kind="izin",
        employee=people[who],
        first_day=day,
        reason="Urusan keluarga",
        now=now,
    )


def refused(call) -> str:
    with translation.override("id"), pytest.raises(ValidationError) as error:
        call()
    return " ".join(error.value.messages)


@pytest.fixture
def wita(people):
    region_configure(name="Kabupaten Uji", timezone="Asia/Makassar")


def test_window_edges_in_the_regions_time_zone(people, wita):
    assert deadline_for(date(2026, 3, 2)).text == "5 Maret 2026 23:59 WITA"
    # The last allowed minute: 23:59 WITA on the deadline date.
    izin(people, "budi", date(2026, 3, 2), at("2026-03-05 23:59:59", WITA))
    # The first refused minute: 00:00 WITA the next day (still 23:00 on 5 March in WIB).
    first_refused = at("2026-03-06 00:00", WITA)
    assert first_refused == at("2026-03-05 23:00")
    message = refused(lambda: izin(people, "sari", date(2026, 3, 2), first_refused))
    assert message == (
        "Permohonan untuk 2 Maret 2026 hanya diterima sampai 5 Maret 2026 23:59 WITA; batas itu "
        "sudah lewat. Hanya BKD yang dapat memberi pengecualian (dispensasi) untuk unit atau "
        "pegawai ini."
    )


def test_a_range_is_judged_by_its_first_day(people):
    message = refused(
        lambda: request_submit(
            actor=people["budi_user"],
            kind="sakit",
            employee=people["budi"],
            first_day=date(2026, 3, 2),
            last_day=date(2026, 3, 6),
            files=[upload(png_bytes())],
            now=at("2026-03-06 08:00"),
        )
    )
    assert "5 Maret 2026 23:59 WIB" in message


def test_working_day_window_skips_weekends_and_holidays(people):
    text = bundled_policy_text("default").replace(
        'request_window = { days = 3, counting = "calendar" }',
        'request_window = { days = 3, counting = "working" }',
    )
    policy_save(text=text)
    # Friday 6 March: Monday 9, Tuesday 10, Wednesday 11.
    assert deadline_for(date(2026, 3, 6)).last_date == date(2026, 3, 11)
    # Friday 13 March: Monday 16, Tuesday 17, then cuti bersama, Nyepi, Idul Fitri,
    # cuti bersama (18-24 March) are skipped: Wednesday 25.
    assert deadline_for(date(2026, 3, 13)).last_date == date(2026, 3, 25)
    izin(people, "budi", date(2026, 3, 6), at("2026-03-11 23:59"))
    assert "11 Maret 2026 23:59 WIB" in refused(
        lambda: izin(people, "sari", date(2026, 3, 6), at("2026-03-12 00:00"))
    )


def test_a_dispensation_reopens_the_window_for_a_unit_until_its_end(people, two_units):
    late = at("2026-03-12 10:00")
    refused(lambda: izin(people, "budi", date(2026, 3, 2), late))
    dispensation = dispensation_grant(
        actor=people["bkd"],
        unit=two_units["DINKES"],
        days_from=date(2026, 3, 1),
        valid_until=date(2026, 3, 13),
        reason="Server mati seminggu",
        now=late,
    )
    izin(people, "budi", date(2026, 3, 2), late)
    event = AuditEvent.objects.get(action="dispensation.grant")
    assert event.data["reason"] == "Server mati seminggu" and event.actor_label == "bkd"
    # after its end date, refused again
    refused(lambda: izin(people, "sari", date(2026, 3, 2), at("2026-03-14 00:00")))
    # dates before days_from are not covered
    refused(lambda: izin(people, "sari", date(2026, 2, 27), late))
    dispensation_revoke(dispensation=dispensation, actor=people["bkd"])
    refused(lambda: izin(people, "sari", date(2026, 3, 2), late))


def test_a_dispensation_for_one_person_covers_only_that_person(people):
    late = at("2026-03-12 10:00")
    dispensation_grant(
        actor=people["bkd"],
        employee=people["sari"],
        days_from=date(2026, 3, 1),
        valid_until=date(2026, 3, 31),
        reason="Sakit di luar daerah",
        now=late,
    )
    izin(people, "sari", date(2026, 3, 3), late)

    def sheet(employees):
        return manual_sheet_submit(
            actor=people["operator"],
            unit=people["unit"],
            day=date(2026, 3, 4),
            entries=[EntryIn(e, time(7, 30), time(16, 0)) for e in employees],
            reason="Mesin rusak",
            files=[upload(png_bytes())],
            now=late,
        )

    refused(lambda: sheet([people["sari"], people["budi"]]))
    assert sheet([people["sari"]]).entries.count() == 1


def test_a_dispensation_needs_a_reason_and_a_future_end(people, two_units):
    def grant(**kw):
        values = {
            "actor": people["bkd"],
            "unit": two_units["DINKES"],
            "days_from": date(2026, 3, 1),
            "valid_until": date(2026, 3, 20),
            "reason": "Server mati",
            "now": at("2026-03-12 10:00"),
        }
        values.update(kw)
        return dispensation_grant(**values)

    assert "alasan" in refused(lambda: grant(reason=" "))
    assert "hari ini atau sesudahnya" in refused(lambda: grant(valid_until=date(2026, 3, 11)))


def test_times_cannot_be_entered_for_a_day_that_has_not_come(people):
    message = refused(
        lambda: request_submit(
            actor=people["budi_user"],
            kind="punch_correction",
            employee=people["budi"],
            first_day=date(2026, 3, 13),
            check_in=time(7, 30),
            reason="Lupa",
            now=at("2026-03-12 10:00"),
        )
    )
    assert "belum tiba" in message
