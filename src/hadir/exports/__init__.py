"""Documents (XLSX, PDF) and charts (SVG) from computed attendance results (issue 7).

Pure: no Django, no ORM, no clock. The caller builds the frozen dataclasses of ``model`` from
stored day results (with "generated at" already chosen) and gets bytes or a string back.
See ``docs/exports.md``.
"""

from hadir.exports.model import (
    DailyListDocument,
    DailyRow,
    DisciplineDocument,
    DisciplineRow,
    DocumentHeader,
    MonthRecapDocument,
    RecapRow,
    Signatory,
    TppDeductionDocument,
    TppRow,
)
from hadir.exports.pdf import daily_list_pdf, discipline_pdf, month_recap_pdf, tpp_deduction_pdf
from hadir.exports.svg import bar_chart_svg, line_chart_svg, ranking_svg
from hadir.exports.xlsx import (
    daily_list_xlsx,
    discipline_xlsx,
    month_recap_xlsx,
    tpp_deduction_xlsx,
)

__all__ = [
    "DailyListDocument",
    "DailyRow",
    "DisciplineDocument",
    "DisciplineRow",
    "DocumentHeader",
    "MonthRecapDocument",
    "RecapRow",
    "Signatory",
    "TppDeductionDocument",
    "TppRow",
    "bar_chart_svg",
    "daily_list_pdf",
    "daily_list_xlsx",
    "discipline_pdf",
    "discipline_xlsx",
    "line_chart_svg",
    "month_recap_pdf",
    "month_recap_xlsx",
    "ranking_svg",
    "tpp_deduction_pdf",
    "tpp_deduction_xlsx",
]
