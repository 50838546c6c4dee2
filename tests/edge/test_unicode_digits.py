"""``"²".isdigit()`` is True and ``int("²")`` raises: every place that read a number from text
with ``isdigit`` alone let such a value through to ``int()``. Found by the hostile write
bodies (``tests/security/test_hostile_bodies.py``: the machine-users unpair form answered
500), then looked for in the whole source; each is refused or ignored in words now."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hadir.devices.commands import info_health_fields
from hadir.devices_sim.registration import _int as simulator_int
from hadir.imports.services import import_preview
from hadir.people.models import Employee, nip_service_start
from hadir.people.nip import IdentifierError, parse_nip
from hadir.protocols.registry import speaks_security_push
from hadir.protocols.zk.users import DeviceUser, encode_user
from hadir.rules.policy_keys import BadValue, read_month
from hadir.schedules.roster_grid import posted_cells

SUPERSCRIPT_TWO = "²"


@pytest.mark.parametrize("key", ["c-²-1", "c-1-²", "c-1²-1", "c-1-1-1", "x-1-1", "c-1"])
def test_the_roster_grid_ignores_cell_names_that_are_not_numbers(key):
    people = [Employee(pk=1, name="Budi")]
    assert posted_cells({key: "P", "c-1-2": "S"}, people, date(2026, 3, 1)) == {
        (1, date(2026, 3, 2)): "S"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("radius", [SUPERSCRIPT_TWO, "1²", "9" * 400])
def test_a_unit_site_radius_that_is_no_number_is_refused_in_the_preview(radius):
    with translation.override("id"):
        batch = import_preview(
            kind="units",
            filename="unit.csv",
            content=(
                f"kode,nama,jenis,induk_kode,lat,lon,radius_m\nX1,X,dinas,,-6.9,107.6,{radius}\n"
            ).encode(),
            actor=None,
            allowed_unit_ids=None,
        )
    assert batch.counts["invalid"] == 1
    assert "radius_m" in batch.rows[0]["errors"][0]


@pytest.mark.parametrize(
    ("pushver", "secure"),
    [("ver²", False), ("²", False), ("3" * 5000, False), ("2.4", False), ("3.1.2", True)],
)
def test_a_push_version_that_is_no_number_is_the_plain_protocol(pushver, secure):
    assert speaks_security_push(pushver) is secure


def test_a_machine_info_count_that_is_no_number_is_left_out():
    fields = info_health_fields({"UserCount": SUPERSCRIPT_TWO, "FPCount": "12"})
    assert SUPERSCRIPT_TWO not in fields.values() and 12 in fields.values()


@pytest.mark.parametrize("nip", ["19800101200501²001", "١٩٨٠٠١٠١٢٠٠٥٠١١٠٠١"])
def test_a_nip_with_digits_other_than_0_to_9_is_refused_in_words(nip):
    with translation.override("id"), pytest.raises(IdentifierError) as refused:
        parse_nip(nip)
    assert "hanya boleh berisi angka" in refused.value.problems[0]


def test_the_service_start_of_a_nip_with_a_superscript_is_unknown():
    assert nip_service_start("19800101200²011001") is None


def test_a_policy_month_with_a_superscript_is_refused_in_words():
    with pytest.raises(BadValue, match="TTTT-BB"):
        read_month("2026-0²")


def test_the_simulator_reads_no_number_as_its_default():
    assert simulator_int({"Delay": SUPERSCRIPT_TWO}, "Delay", 30) == 30
    assert simulator_int({"Delay": "-5"}, "Delay", 30) == -5


def test_a_machine_user_id_that_is_no_number_is_refused_for_28_byte_records():
    with pytest.raises(ValueError, match="numeric user id"):
        encode_user(DeviceUser(uid=1, user_id=SUPERSCRIPT_TWO), 28)


@pytest.mark.django_db
def test_a_recorded_ledger_link_with_a_superscript_is_left_to_the_audit_walk():
    from hadir.audit.services import audit_record
    from hadir.audit.verify import VERIFIED_ACTION, recorded_ledger_links

    links = {"1": "ledger-1:²:abcdef", "2": "ledger-2:7:ABCDEF"}
    audit_record(actor=None, action=VERIFIED_ACTION, data={"ledger_shards": links})
    assert recorded_ledger_links() == {"ledger-2": {7: "abcdef"}}
