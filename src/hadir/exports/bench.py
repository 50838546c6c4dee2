"""How long the month recap of a large unit takes to render (``make bench``; never asserted).

Targets on a 2-core machine, 1,000 employees: XLSX <= 3 s, PDF <= 10 s.
"""

from __future__ import annotations

import time

from hadir.exports.pdf import month_recap_pdf
from hadir.exports.samples import sample_month_recap
from hadir.exports.xlsx import month_recap_xlsx


def bench_month_recap(n_employees: int = 1000) -> dict[str, float]:
    """Seconds to render the synthetic month recap (seeded) as XLSX and as PDF, and the sizes.

    Building the input is not timed. Returns ``xlsx_seconds``, ``pdf_seconds``,
    ``xlsx_bytes`` and ``pdf_bytes``.
    """
    doc = sample_month_recap(n_employees)
    started = time.perf_counter()
    xlsx = month_recap_xlsx(doc)
    xlsx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pdf = month_recap_pdf(doc)
    pdf_seconds = time.perf_counter() - started
    return {
        "xlsx_seconds": xlsx_seconds,
        "pdf_seconds": pdf_seconds,
        "xlsx_bytes": float(len(xlsx)),
        "pdf_bytes": float(len(pdf)),
    }


def main() -> None:
    figures = bench_month_recap(1000)
    print(
        f"month recap, 1,000 employees: XLSX {figures['xlsx_seconds']:.2f} s "
        f"({figures['xlsx_bytes'] / 1024:.0f} KiB), PDF {figures['pdf_seconds']:.2f} s "
        f"({figures['pdf_bytes'] / 1024:.0f} KiB)"
    )


if __name__ == "__main__":
    main()
