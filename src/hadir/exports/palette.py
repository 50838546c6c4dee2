"""Colours shared by XLSX, PDF and SVG, and which day codes get which tone.

Tones stay readable when printed in grey: absent is darker than late, days off are light.
"""

from __future__ import annotations

from enum import Enum

CODE_SEPARATOR = "+"  # "TL2+PSW1": a day that carries two codes
ABSENT_CODES = frozenset({"TK"})
LATE_PREFIXES = ("TL", "PSW")
LATE_CODES = frozenset({"TAM", "TAP"})  # no punch-in/out: counted as the top late band
EVENT_CODES = frozenset({"TA", "TUP", "TSN", "TKG"})  # a missed apel/upacara/senam/event


class Tone(Enum):
    """How a day code is highlighted."""

    PLAIN = "plain"
    LATE = "late"  # TL*, PSW*, TAM, TAP, and missed events (TA, TUP, TSN, TKG)
    ABSENT = "absent"  # TK


def code_tone(codes: str) -> Tone:
    """The tone of a cell holding one code or several joined by "+"."""
    parts = codes.split(CODE_SEPARATOR)
    if any(part in ABSENT_CODES for part in parts):
        return Tone.ABSENT
    lapses = LATE_CODES | EVENT_CODES
    if any(part.startswith(LATE_PREFIXES) or part in lapses for part in parts):
        return Tone.LATE
    return Tone.PLAIN


# RGB hex, no "#": the form openpyxl wants; reportlab and SVG add the "#".
HEADER_FILL = "DDEBF7"
OFF_DAY_FILL = "D9D9D9"
TONE_FILL = {Tone.LATE: "FFE699", Tone.ABSENT: "F4B084"}
TONE_TEXT = {Tone.LATE: "7F6000", Tone.ABSENT: "9C0006"}
GRID_LINE = "808080"
TEXT = "000000"
MUTED_TEXT = "595959"

# Chart series (Okabe-Ito, readable by colour-blind readers), in order of use.
SERIES_COLOURS = ("0072B2", "E69F00", "009E73", "D55E00", "CC79A7", "56B4E9", "000000")
