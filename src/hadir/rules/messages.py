"""Explanations as data (a key and parameters) and the table that renders them.

The rules cannot use Django's translation machinery, so every explanation is a Message;
``render`` turns it into Bahasa Indonesia (default) or English. One table entry per
message holds both templates, so a test can check they take the same parameters. Labels
for enum values used as parameters live in ``hadir.rules.labels``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from functools import lru_cache
from types import MappingProxyType

from hadir.rules.codes import DayCode
from hadir.rules.labels import Lang, label


@dataclass(frozen=True, slots=True)
class Rupiah:
    """An amount of money in whole rupiah, rendered ``Rp1.234.567`` / ``IDR 1,234,567``."""

    amount: int


Param = str | int | Decimal | date | Enum | Rupiah


class Msg(StrEnum):
    ON_TIME = "on_time"
    ARRIVAL_ON_TIME = "arrival_on_time"
    ARRIVAL_LATE = "arrival_late"
    DEPARTURE_ON_TIME = "departure_on_time"
    DEPARTURE_EARLY = "departure_early"
    MISSING_ARRIVAL = "missing_arrival"
    MISSING_ARRIVAL_AS_BAND = "missing_arrival_as_band"
    MISSING_DEPARTURE = "missing_departure"
    MISSING_DEPARTURE_AS_BAND = "missing_departure_as_band"
    ABSENT = "absent"
    PUNCHES_OUTSIDE_WINDOWS = "punches_outside_windows"
    ABSENCE = "absence"
    LEAVE = "leave"
    FWA_PRESENT = "fwa_present"
    FWA_WITHOUT_PUNCH = "fwa_without_punch"
    PUNCHES_DURING_ABSENCE = "punches_during_absence"
    HOLIDAY_OFF = "holiday_off"
    WEEKLY_OFF = "weekly_off"
    ROSTER_OFF = "roster_off"
    NO_SCHEDULE = "no_schedule"
    PUNCHES_ON_DAY_OFF = "punches_on_day_off"
    ABSENCE_ON_DAY_OFF = "absence_on_day_off"
    WORKING_ON_HOLIDAY = "working_on_holiday"
    DEDUCTION_ITEM = "deduction_item"
    DEDUCTION_ITEM_AS_BAND = "deduction_item_as_band"
    DEDUCTION_TOTAL = "deduction_total"
    DEDUCTION_CAPPED = "deduction_capped"
    FULL_DEDUCTION_TK = "full_deduction_tk"
    DEDUCTION_ON_DISCIPLINE_PART = "deduction_on_discipline_part"
    DEDUCTION_ON_WHOLE_TPP = "deduction_on_whole_tpp"
    DEDUCTION_AMOUNT = "deduction_amount"
    NO_DEDUCTION = "no_deduction"
    DISCIPLINE_TOTAL = "discipline_total"
    DISCIPLINE_SANCTION = "discipline_sanction"
    DISCIPLINE_NONE = "discipline_none"
    DISCIPLINE_STREAK = "discipline_streak"
    DAY_IN_PROGRESS = "day_in_progress"
    NO_PUNCH_YET = "no_punch_yet"
    LATEST_PUNCH = "latest_punch"
    EVENT_ATTENDED = "event_attended"
    EVENT_ON_LIST = "event_on_list"
    EVENT_MISSED = "event_missed"
    EVENT_EXCUSED = "event_excused"
    EVENT_ABSENT_DAY = "event_absent_day"
    EVENT_PENDING = "event_pending"


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    en: str


# fmt: off
TEMPLATES: Mapping[Msg, Template] = MappingProxyType({
    Msg.ON_TIME: Template("Hadir tepat waktu (H)", "Present on time (H)"),
    Msg.ARRIVAL_ON_TIME: Template(
        "Masuk {check_in}, jadwal {start}: tepat waktu",
        "In {check_in}, scheduled {start}: on time"),
    Msg.ARRIVAL_LATE: Template(
        "Masuk {check_in}, jadwal {start}: terlambat {minutes} menit ({code})",
        "In {check_in}, scheduled {start}: {minutes} min late ({code})"),
    Msg.DEPARTURE_ON_TIME: Template(
        "Pulang {check_out}, jadwal {end}: sesuai jadwal",
        "Out {check_out}, scheduled {end}: on time"),
    Msg.DEPARTURE_EARLY: Template(
        "Pulang {check_out}, jadwal {end}: pulang {minutes} menit sebelum waktunya ({code})",
        "Out {check_out}, scheduled {end}: left {minutes} min early ({code})"),
    Msg.MISSING_ARRIVAL: Template(
        "Tidak ada absen masuk, jadwal {start} (TAM)",
        "No punch-in, scheduled {start} (TAM)"),
    Msg.MISSING_ARRIVAL_AS_BAND: Template(
        "Tidak ada absen masuk, jadwal {start} (TAM, dihitung sebagai {code})",
        "No punch-in, scheduled {start} (TAM, counted as {code})"),
    Msg.MISSING_DEPARTURE: Template(
        "Tidak ada absen pulang, jadwal {end} (TAP)",
        "No punch-out, scheduled {end} (TAP)"),
    Msg.MISSING_DEPARTURE_AS_BAND: Template(
        "Tidak ada absen pulang, jadwal {end} (TAP, dihitung sebagai {code})",
        "No punch-out, scheduled {end} (TAP, counted as {code})"),
    Msg.ABSENT: Template(
        "Tidak ada absen pada hari kerja (jadwal {start}-{end}) dan tidak ada izin yang "
        "disetujui (TK)",
        "No punch on a working day (scheduled {start}-{end}) and no approved absence (TK)"),
    Msg.PUNCHES_OUTSIDE_WINDOWS: Template(
        "{count} absen di luar jendela waktu {opens} s.d. {closes} tidak dihitung",
        "{count} punch(es) outside the window {opens} to {closes} not counted"),
    Msg.ABSENCE: Template(
        "{kind} disetujui {first_day} s.d. {last_day} ({code})",
        "{kind} approved {first_day} to {last_day} ({code})"),
    Msg.LEAVE: Template(
        "{leave_type} disetujui {first_day} s.d. {last_day} (C)",
        "{leave_type} approved {first_day} to {last_day} (C)"),
    Msg.FWA_PRESENT: Template(
        "Kerja fleksibel disetujui, absen {at}: dihitung hadir (FWA)",
        "Flexible work approved, punch {at}: counted as present (FWA)"),
    Msg.FWA_WITHOUT_PUNCH: Template(
        "Kerja fleksibel disetujui tetapi tidak ada absen; kehadiran tetap wajib dicatat (TK)",
        "Flexible work approved but no punch; attendance must still be recorded (TK)"),
    Msg.PUNCHES_DURING_ABSENCE: Template(
        "{count} absen tercatat; tidak mengubah kode {code}",
        "{count} punch(es) recorded; code {code} unchanged"),
    Msg.HOLIDAY_OFF: Template("{kind}: {name} (L)", "{kind}: {name} (L)"),
    Msg.WEEKLY_OFF: Template(
        "Libur sesuai jadwal {pattern} ({weekday}) (L)",
        "Day off in schedule {pattern} ({weekday}) (L)"),
    Msg.ROSTER_OFF: Template("Libur sesuai roster (L)", "Rostered day off (L)"),
    Msg.NO_SCHEDULE: Template(
        "Belum ada jadwal kerja yang berlaku pada tanggal ini; dihitung libur (L)",
        "No work schedule applies on this date; counted as a day off (L)"),
    Msg.PUNCHES_ON_DAY_OFF: Template(
        "{count} absen tercatat pada hari libur; tidak memengaruhi penilaian",
        "{count} punch(es) recorded on a day off; no effect on the result"),
    Msg.ABSENCE_ON_DAY_OFF: Template(
        "{kind} mencakup hari libur ini; tetap libur",
        "{kind} covers this day off; it stays a day off"),
    Msg.WORKING_ON_HOLIDAY: Template(
        "Hari kerja meskipun {kind}: {name}",
        "Working day despite the {kind}: {name}"),
    Msg.DEDUCTION_ITEM: Template(
        "{day} {code}: potongan {pct}%",
        "{day} {code}: deduction {pct}%"),
    Msg.DEDUCTION_ITEM_AS_BAND: Template(
        "{day} {code} (dihitung sebagai {counted_as}): potongan {pct}%",
        "{day} {code} (counted as {counted_as}): deduction {pct}%"),
    Msg.DEDUCTION_TOTAL: Template(
        "Jumlah potongan {pct}% dari dasar potongan",
        "Total deduction {pct}% of the deduction base"),
    Msg.DEDUCTION_CAPPED: Template(
        "Jumlah {total}% melebihi batas bulanan {cap}%: dipakai {cap}%",
        "Total {total}% exceeds the monthly cap {cap}%: {cap}% applies"),
    Msg.FULL_DEDUCTION_TK: Template(
        "{tk_days} hari TK (batas {limit} hari): seluruh TPP dipotong (100%)",
        "{tk_days} TK days (limit {limit} days): the whole TPP is deducted (100%)"),
    Msg.DEDUCTION_ON_DISCIPLINE_PART: Template(
        "Potongan berlaku pada bagian disiplin ({share}% dari TPP): {pct}% x {share}% = "
        "{result}% dari TPP",
        "Deductions apply to the discipline part ({share}% of TPP): {pct}% x {share}% = "
        "{result}% of TPP"),
    Msg.DEDUCTION_ON_WHOLE_TPP: Template(
        "Potongan berlaku pada seluruh TPP: {result}% dari TPP",
        "Deductions apply to the whole TPP: {result}% of TPP"),
    Msg.DEDUCTION_AMOUNT: Template(
        "TPP {base} x {pct}% = potongan {amount}",
        "TPP {base} x {pct}% = deduction {amount}"),
    Msg.NO_DEDUCTION: Template("Tidak ada potongan bulan ini", "No deduction this month"),
    Msg.DISCIPLINE_TOTAL: Template(
        "{tk_days} hari TK + {minutes} menit terlambat/pulang cepat ({minute_days} hari) = "
        "{days} hari tidak masuk kerja",
        "{tk_days} TK days + {minutes} min late/early ({minute_days} days) = "
        "{days} days of unexcused absence"),
    Msg.DISCIPLINE_SANCTION: Template(
        "Mencapai {min_days} hari: {sanction}",
        "Reached {min_days} days: {sanction}"),
    Msg.DISCIPLINE_NONE: Template(
        "Belum mencapai batas hukuman disiplin",
        "No disciplinary threshold reached"),
    Msg.DISCIPLINE_STREAK: Template(
        "TK {count} hari kerja berturut-turut ({first_day} s.d. {last_day}): {sanction}",
        "TK on {count} consecutive working days ({first_day} to {last_day}): {sanction}"),
    Msg.DAY_IN_PROGRESS: Template(
        "Hari berjalan, belum selesai: kode dan potongan ditetapkan setelah {closes}",
        "Day in progress, not finished: codes and deductions are decided after {closes}"),
    Msg.NO_PUNCH_YET: Template(
        "Belum ada absen (jadwal {start}-{end})",
        "No punch yet (scheduled {start}-{end})"),
    Msg.LATEST_PUNCH: Template("Absen terakhir {at}", "Latest punch {at}"),
    Msg.EVENT_ATTENDED: Template(
        "{name} ({starts}-{ends}): hadir, absen {at}",
        "{name} ({starts}-{ends}): attended, punch {at}"),
    Msg.EVENT_ON_LIST: Template(
        "{name} ({starts}-{ends}): hadir menurut daftar hadir kepala unit",
        "{name} ({starts}-{ends}): attended according to the head's list"),
    Msg.EVENT_MISSED: Template(
        "{name} ({starts}-{ends}): tidak hadir ({code}); tidak ada absen pada waktu dan "
        "tempatnya dan tidak tercentang di daftar hadir",
        "{name} ({starts}-{ends}): missed ({code}); no punch at its time and place and not "
        "ticked on the list"),
    Msg.EVENT_EXCUSED: Template(
        "{name} ({starts}-{ends}): tidak dinilai, hari ini berizin",
        "{name} ({starts}-{ends}): not judged, the day is excused"),
    Msg.EVENT_ABSENT_DAY: Template(
        "{name} ({starts}-{ends}): tidak dinilai terpisah, hari ini sudah TK",
        "{name} ({starts}-{ends}): not judged separately, the day is already TK"),
    Msg.EVENT_PENDING: Template(
        "{name} ({starts}-{ends}): dinilai setelah hari selesai",
        "{name} ({starts}-{ends}): judged once the day is over"),
})
# fmt: on


@dataclass(frozen=True, slots=True)
class Message:
    """One line of explanation: a key of TEMPLATES and the values for its placeholders."""

    key: Msg
    params: Mapping[str, Param] = field(default_factory=dict)

    def render(self, lang: Lang = "id") -> str:
        return _render_cached(self.key, _typed(self.params), lang)


TypedParams = tuple[tuple[str, type, Param], ...]


def _typed(params: Mapping[str, Param]) -> TypedParams:
    """The memo's key for ``params``: each value with its type. Values of different types
    can be equal and hash alike (``AbsenceKind.SAKIT == LeaveType.SAKIT == "sakit"``,
    ``True == 1``) yet read differently ("Izin sakit", "Cuti sakit")."""
    return tuple([(name, type(value), value) for name, value in params.items()])


@lru_cache(maxsize=65_536)
def _render_cached(key: Msg, params: TypedParams, lang: Lang) -> str:
    """Rendering is a pure function of key and parameters; a month of a region repeats the
    same lines (times to the minute) hundreds of thousands of times, so they are memoised."""
    template = TEMPLATES[key]
    text = template.id if lang == "id" else template.en
    return text.format(**{name: format_param(v, lang) for name, _, v in params})


def render(explanation: Message | Iterable[Message], lang: Lang = "id", sep: str = "; ") -> str:
    """Render one message, or several joined by ``sep``, in Bahasa Indonesia or English."""
    if isinstance(explanation, Message):
        return explanation.render(lang)
    return sep.join([_render_cached(m.key, _typed(m.params), lang) for m in explanation])


def format_param(value: Param, lang: Lang) -> str:
    """How a parameter reads in ``lang``: decimals with a comma in Indonesian, dates
    dd-mm-yyyy in Indonesian and ISO in English, enum members by their label (day codes
    stay as codes).
    """
    if isinstance(value, DayCode):
        return str(value.value)
    if isinstance(value, Enum):
        return label(value, lang)
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.replace(".", ",") if lang == "id" else text
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y") if lang == "id" else value.isoformat()
    if isinstance(value, Rupiah):
        if lang == "id":
            return "Rp" + f"{value.amount:,}".replace(",", ".")
        return f"IDR {value.amount:,}"
    return str(value)
