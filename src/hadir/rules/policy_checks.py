"""The checks of a policy's band edges and deduction table (used by ``policy_problems``)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from hadir.rules.codes import (
    EARLY_CODES,
    EVENT_CODES,
    EVENT_KIND_OF,
    LATE_CODES,
    MAX_BANDS,
    DayCode,
)

if TYPE_CHECKING:
    from hadir.rules.policy import Policy

HUNDRED = 100
NEVER_DEDUCTED = frozenset({DayCode.H, DayCode.L})


def edge_problems(name: str, edges: tuple[int, ...]) -> list[str]:
    shown = list(edges)
    if not 1 <= len(edges) < MAX_BANDS:
        return [
            f"'{name}': tulis 1 sampai {MAX_BANDS - 1} batas atas (untuk 2 sampai {MAX_BANDS} "
            f"rentang), misalnya [30, 60, 90]; ditemukan {shown}"
        ]
    if edges[0] < 1 or any(b <= a for a, b in itertools.pairwise(edges)):
        return [
            f"'{name}': batas harus bilangan bulat positif yang naik, misalnya [30, 60, 90]; "
            f"ditemukan {shown}"
        ]
    return []


def table_problems(policy: Policy, *, check_codes: bool) -> list[str]:
    table = policy.deduction_pct
    problems = [
        f"'deduction_pct.{code}': harus 0 sampai 100, ditemukan {pct}"
        for code, pct in sorted(table.items())
        if not 0 <= pct <= HUNDRED
    ]
    if not check_codes:
        return problems
    needed = {
        *LATE_CODES[: len(policy.late_band_edges) + 1],
        *EARLY_CODES[: len(policy.early_band_edges) + 1],
        DayCode.TK,
    }
    if not policy.missing_punch_counts_as_top_band:
        needed |= {DayCode.TAM, DayCode.TAP}
    unused = (set(LATE_CODES) | set(EARLY_CODES)) - needed
    missing = sorted(needed - set(table))
    if missing:
        problems.append(f"'deduction_pct': persentase belum diisi untuk {', '.join(missing)}")
    for code in sorted(set(table) & unused):
        problems.append(f"'deduction_pct': kode {code} tidak dipakai oleh rentang ini; hapus")
    for code in sorted(set(table) & EVENT_CODES):
        problems.append(
            f"'deduction_pct': potongan {code} ditulis di 'event_missed_pct' "
            f"({EVENT_KIND_OF[code]}); hapus {code}"
        )
    for code in sorted(set(table) & NEVER_DEDUCTED):
        problems.append(f"'deduction_pct': hari {code} tidak pernah dipotong; hapus {code}")
    if policy.missing_punch_counts_as_top_band:
        for code in sorted(set(table) & {DayCode.TAM, DayCode.TAP}):
            problems.append(
                f"'deduction_pct': {code} dihitung sebagai rentang teratas "
                f"(missing_punch_counts_as_top_band = true); hapus {code} atau ubah menjadi false"
            )
    return problems
