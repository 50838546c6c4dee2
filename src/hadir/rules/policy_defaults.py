"""Policies shipped with Hadir: a default and examples from real regions (DOMAIN.md section 4).

The same tables exist as TOML files in ``hadir/rules/policies/`` (a test keeps them equal);
a region copies one, adjusts it to its Perbup/Perwal, and loads it with
``hadir.rules.policy_file.load_policy_file``.
"""

from __future__ import annotations

from decimal import Decimal

from hadir.rules.codes import DayCode
from hadir.rules.policy import DeductionBase, Policy, PolicySet, YearMonth

D = Decimal

DEFAULT_POLICY = Policy(
    region="default",
    effective_from=YearMonth(2000, 1),
    late_band_edges=(30, 60, 90),
    early_band_edges=(30, 60, 90),
    deduction_pct={
        DayCode.TL1: D("0.5"),
        DayCode.TL2: D("1"),
        DayCode.TL3: D("1.25"),
        DayCode.TL4: D("1.5"),
        DayCode.PSW1: D("0.5"),
        DayCode.PSW2: D("1"),
        DayCode.PSW3: D("1.25"),
        DayCode.PSW4: D("1.5"),
        # 3 % per TK day equals a day with neither punch (TAM + TAP = TL4 + PSW4 = 3 %),
        # so skipping both punches never costs less than punching nothing at all.
        DayCode.TK: D("3"),
    },
    missing_punch_counts_as_top_band=True,
    monthly_cap_pct=D(100),
    tk_days_for_full_deduction=None,
    tpp_performance_pct=D(60),
    tpp_discipline_pct=D(40),
    deduction_applies_to=DeductionBase.DISCIPLINE_PART,
    source=(
        "TL/PSW: Perbup Tebo 1/2022 and Kab. Tulang Bawang (0.5/1/1.25/1.5 %); TAM/TAP as top "
        "band: KemenkoInfra Permen 10/2025 art. 22; split 60/40: Kab. Kepahiang; TK 3 %/day "
        "chosen by Hadir (= TAM + TAP)"
    ),
)
"""Hadir's default: the Tebo / Tulang Bawang table, applied to a 40 % discipline part."""

KAB_TTU_POLICY = Policy(
    region="Kabupaten Timor Tengah Utara",
    effective_from=YearMonth(2024, 1),
    late_band_edges=(15, 30),
    early_band_edges=(15, 30),
    deduction_pct={
        DayCode.TL1: D("1"),
        DayCode.TL2: D("2"),
        DayCode.TL3: D("2.5"),
        DayCode.PSW1: D("1"),
        DayCode.PSW2: D("2"),
        DayCode.PSW3: D("2.5"),
        DayCode.TAM: D("4"),
        DayCode.TAP: D("4"),
        DayCode.TK: D("8"),
    },
    missing_punch_counts_as_top_band=False,
    monthly_cap_pct=D(100),
    deduction_applies_to=DeductionBase.WHOLE_TPP,
    source=(
        "Kab. TTU presensi settings: late 1-15/16-30/>=31 min = 1/2/2.5 %, no punch 4 %, "
        "TK 8 %/day, capped at 100 %. Unverified: PSW assumed equal to TL; applied to the "
        "whole TPP; effective month is an example."
    ),
)

PERMENTAN_68_2012_POLICY = Policy(
    region="Permentan 68/2012",
    effective_from=YearMonth(2013, 1),
    late_band_edges=(30, 60, 90),
    early_band_edges=(30, 60, 90),
    deduction_pct={
        DayCode.TL1: D("0.5"),
        DayCode.TL2: D("1"),
        DayCode.TL3: D("1.5"),
        DayCode.TL4: D("2"),
        DayCode.PSW1: D("0.5"),
        DayCode.PSW2: D("1"),
        DayCode.PSW3: D("1.5"),
        DayCode.PSW4: D("2"),
        DayCode.TK: D("4"),
    },
    missing_punch_counts_as_top_band=True,
    monthly_cap_pct=D(100),
    deduction_applies_to=DeductionBase.WHOLE_TPP,
    source=(
        "Permentan 68/2012 (central template): TL/PSW 0.5/1/1.5/2 %, absent 4 %/day; "
        "whole tunjangan kinerja. TAM/TAP as top band is Hadir's assumption."
    ),
)

DEFAULT_POLICY_SET = PolicySet(DEFAULT_POLICY.region, (DEFAULT_POLICY,))
KAB_TTU_POLICY_SET = PolicySet(KAB_TTU_POLICY.region, (KAB_TTU_POLICY,))
PERMENTAN_68_2012_POLICY_SET = PolicySet(
    PERMENTAN_68_2012_POLICY.region, (PERMENTAN_68_2012_POLICY,)
)
