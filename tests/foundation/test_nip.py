"""NIP, PPPK number and NIK validation: each kind of mistake gets its own plain message."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hadir.people.nip import IdentifierError, parse_nik, parse_nip, parse_pppk_number


@pytest.mark.parametrize(
    ("raw", "birth", "gender", "display"),
    [
        ("198609262015051001", date(1986, 9, 26), "L", "19860926 201505 1 001"),
        ("19860926 201505 1 001", date(1986, 9, 26), "L", "19860926 201505 1 001"),
        ("19700229199503 2 999", None, None, None),  # 1970 is not a leap year: invalid
        ("197202291995032999", date(1972, 2, 29), "P", "19720229 199503 2 999"),
        ("19860926.201505.2.010", date(1986, 9, 26), "P", "19860926 201505 2 010"),
    ],
)
def test_nip_valid_and_leap_days(raw, birth, gender, display):
    if birth is None:
        with pytest.raises(IdentifierError):
            parse_nip(raw)
        return
    nip = parse_nip(raw)
    assert (nip.birth_date, nip.gender, nip.display) == (birth, gender, display)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "NIP kosong."),
        ("19860926201505100", "NIP harus 18 angka; 19860926201505100 berisi 17 angka."),
        ("1986092620150510011", "NIP harus 18 angka; 1986092620150510011 berisi 19 angka."),
        ("19860926201505100A", "NIP hanya boleh berisi angka; ditemukan: A."),
        (
            "198613262015051001",
            "Angka 1-8 harus tanggal lahir (yyyymmdd); 19861326 bukan tanggal yang benar.",
        ),
        (
            "198609262015131001",
            "Angka 9-14 harus TMT CPNS (yyyymm); bulan 13 tidak ada.",
        ),
        (
            "198609261995051001",
            "Angka 9-14 (TMT CPNS 199505) terlalu dekat dengan tahun lahir 1986: "
            "tidak ada yang diangkat sebelum umur 17 tahun.",
        ),
        (
            "198609262015053001",
            "Angka ke-15 harus jenis kelamin: 1 (laki-laki) atau 2 (perempuan); ditemukan 3.",
        ),
        ("198609262015051000", "Angka 16-18 (nomor urut) tidak boleh 000."),
    ],
)
def test_nip_each_mistake_has_its_message_in_indonesian(raw, message):
    with translation.override("id"), pytest.raises(IdentifierError) as error:
        parse_nip(raw)
    assert message in error.value.problems


def test_nip_reports_every_wrong_part_at_once():
    with translation.override("id"), pytest.raises(IdentifierError) as error:
        parse_nip("198613262015133000")
    assert len(error.value.problems) == 4


def test_pppk_number_checks_length_only():
    assert parse_pppk_number("1990 0101 2023 2 1 0001") == "199001012023210001"
    with pytest.raises(IdentifierError):
        parse_pppk_number("12345")


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("1505012609860001", True),  # man born 26-09-86
        ("1505016609860001", True),  # woman: day + 40
        ("1505017209860001", False),  # day 32 (72-40) does not exist
        ("1505012613860001", False),  # month 13
        ("150501260986000", False),  # 15 digits
    ],
)
def test_nik(raw, ok):
    if ok:
        assert parse_nik(raw) == raw
    else:
        with pytest.raises(IdentifierError):
            parse_nik(raw)
