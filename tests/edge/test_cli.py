"""The CLI reads its months, years and dates through the same edge parsers as the pages."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["export", "recap", "--unit", "DINKES", "--month", "1970-01"], "Bulan '1970-01' di luar"),
        (["export", "recap", "--unit", "DINKES", "--month", "2026-13"], "bukan bulan yang benar"),
        (["export", "recap", "--unit", "DINKES"], "month belum diisi"),
        (["export", "discipline", "--unit", "DINKES", "--year", "0"], "Tahun '0' di luar"),
        (["export", "discipline", "--unit", "DINKES", "--year", "abc"], "bukan tahun"),
        (["export", "discipline", "--unit", "DINKES", "--year", str(10**23)], "bukan tahun"),
        (["export", "daily", "--unit", "DINKES", "--date", "2026-02-30"], "bukan tanggal"),
        (["export", "tpp", "--all", "--month", "9999-12"], "Bulan '9999-12' di luar"),
        (["recompute", "--month", "1970-01"], "Bulan '1970-01' di luar"),
    ],
)
def test_cli_arguments_out_of_range_are_refused_in_words(two_units, args, words):
    with translation.override("id"), pytest.raises(CommandError) as refused:
        call_command(*args)
    assert words in str(refused.value)
