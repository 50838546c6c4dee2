"""The optional ``tmt`` column of the employee import: the start of service the leave rules
count from; a bad date is refused in words, a changed one shows as a change."""

from __future__ import annotations

from datetime import date

from tests.foundation.test_imports import confirm_and_run, preview

from hadir.people.models import Employee

HEADER = "nip,nama,unit_kode,jenis,jabatan,pin,jadwal,tmt\n"
PPPK_ROW = "199001012023212001,Sari Dewi,PKM-A,PPPK,Perawat,102,"


def test_tmt_is_imported_changed_and_checked(two_units):
    batch, _rows = preview("employees", HEADER + PPPK_ROW + ",2023-02-01\n")
    confirm_and_run(batch)
    sari = Employee.objects.get(pppk_number="199001012023212001")
    assert sari.service_start == date(2023, 2, 1)

    batch, rows = preview("employees", HEADER + PPPK_ROW + ",2023-03-01\n")
    assert rows["199001012023212001"].changes == {"tmt": ["2023-02-01", "2023-03-01"]}
    confirm_and_run(batch)
    sari.refresh_from_db()
    assert sari.service_start == date(2023, 3, 1)

    _batch, rows = preview("employees", HEADER + PPPK_ROW + ",2023-13-01\n")
    assert rows["199001012023212001"].errors[0].startswith("tmt:")
