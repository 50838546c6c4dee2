"""The employee import's ``tpp_dasar`` column: BKD sets bases from the month of ``berlaku``;
bad amounts and unit-bound uploaders are refused row by row, in Indonesian."""

from __future__ import annotations

from datetime import date

from tests.foundation.test_imports import confirm_and_run, preview

from hadir.audit.models import AuditEvent
from hadir.people.models import Employee, TppBase
from hadir.people.tpp import tpp_base_for

HEAD = "nip,nama,unit_kode,jenis,jabatan,pin,jadwal,tpp_dasar,berlaku"


def csv_of(*lines: str) -> str:
    return "\n".join([HEAD, *lines]) + "\n"


def test_bkd_imports_bases_with_their_month_and_reimport_changes_nothing(two_units):
    lines = [
        "198609262015051001,Ani,DINKES,PNS,Analis Kebijakan / III-c,301,,4.250.000,2026-03-15",
        "198609262015051002,Budi,DINKES,PNS,Staf,302,,,",
        "198609262015051003,Cici,DINKES,PNS,Staf,303,,-5,",
        "198609262015051004,Dedi,DINKES,PNS,Staf,304,,sejuta,",
        "198609262015051005,Eko,DINKES,PNS,Staf,305,,1e12,",
    ]
    batch, rows = preview("employees", csv_of(*lines))
    assert batch.counts == {"new": 2, "changed": 0, "unchanged": 0, "invalid": 3}
    assert rows["198609262015051003"].errors == [
        "tpp_dasar: TPP dasar '-5' harus lebih dari 0 rupiah."
    ]
    assert "bukan jumlah rupiah" in rows["198609262015051004"].errors[0]
    assert "bukan jumlah rupiah" in rows["198609262015051005"].errors[0]
    confirm_and_run(batch)
    ani = Employee.objects.get(nip="198609262015051001")
    assert tpp_base_for(ani, date(2026, 2, 1)) is None
    assert tpp_base_for(ani, date(2026, 3, 1)) == 4_250_000
    assert tpp_base_for(Employee.objects.get(nip="198609262015051002"), date(2026, 3, 1)) is None
    assert AuditEvent.objects.filter(action="tpp_base.set").count() == 1

    again, _ = preview("employees", csv_of(*lines[:2]))
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "invalid": 0}
    raised = lines[0].replace("4.250.000,2026-03-15", "4500000,2026-07-01")
    third, rows = preview("employees", csv_of(raised))
    assert rows["198609262015051001"].changes == {"tpp_dasar": ["4250000", "4500000 (2026-07)"]}
    confirm_and_run(third)
    assert list(TppBase.objects.filter(employee=ani).values_list("valid_from", "amount")) == [
        (date(2026, 7, 1), 4_500_000),
        (date(2026, 3, 1), 4_250_000),
    ]


def test_an_operator_may_not_set_bases_by_import(two_units):
    allowed = {two_units["DINKES"].pk}
    line = "198609262015051001,Ani,DINKES,PNS,Staf,301,,4250000,"
    batch, rows = preview("employees", csv_of(line), allowed)
    assert batch.counts["invalid"] == 1
    assert rows["198609262015051001"].errors == [
        "tpp_dasar: hanya administrator BKD yang boleh mengisi TPP dasar."
    ]
