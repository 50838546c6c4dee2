"""Fictional Indonesian personal names and academic titles for the demo kabupaten.

The lists mix the naming habits of the groups that live side by side in a Sumatran
kabupaten: Javanese (many transmigrants), Sundanese, Malay/Jambi and Minang, Batak and
Bugis. A name is drawn from one group so that given name and second name fit together.
Every combination is made up; any resemblance to a real person is chance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate


def _w(text: str) -> tuple[str, ...]:
    """Split a space-separated list of one-word names."""
    return tuple(text.split())


@dataclass(frozen=True)
class NameStock:
    """Given names and second names of one naming tradition."""

    key: str
    weight: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    male_second: tuple[str, ...]
    female_second: tuple[str, ...]
    single_share: float = 0.0  # share of one-word names (common among older Javanese)
    female_marker: str = ""  # "br." for Batak women: "Lasmaria br. Sinaga"
    noble_prefix: str = ""  # "Andi" among Bugis families
    hajj: bool = True  # whether "H." / "Hj." is plausible


JAVANESE = NameStock(
    key="jawa",
    weight=34,
    male=_w(
        "Agus Bambang Budi Joko Slamet Sugeng Hadi Eko Dwi Tri Wahyu Teguh Heru Bayu Yudi "
        "Wawan Rudi Arif Aris Didik Gatot Hari Imam Puji Sigit Sutrisno Suparman Purwanto "
        "Untung Yanto Catur Ari Dimas Galih Bagus Rizky Anang"
    ),
    female=_w(
        "Sri Siti Endang Dewi Wulan Sulastri Tri Dwi Ratna Retno Indah Yuli Eni Nanik Sumarni "
        "Suparmi Tutik Wiwik Rini Lilik Ayu Dyah Erna Puji Anik Novi Fitri Kartini"
    ),
    male_second=_w(
        "Santoso Setiawan Prasetyo Purnomo Susanto Wibowo Nugroho Hartono Kurniawan Saputro "
        "Raharjo Widodo Sutanto Gunawan Prabowo Hidayat Suryadi Wicaksono Handoko Sulistyo "
        "Mulyono Haryanto Wijaya Utomo Pamungkas Firmansyah"
    ),
    female_second=_w(
        "Wahyuni Lestari Rahayu Handayani Wulandari Astuti Purwaningsih Sulistyowati "
        "Kusumawati Rahmawati Suryani Ningsih Puspitasari Anggraini Safitri Hastuti Utami "
        "Susilowati Setyaningsih Indriyani Mulyani Pratiwi"
    ),
    single_share=0.12,
)

SUNDANESE = NameStock(
    key="sunda",
    weight=8,
    male=_w(
        "Asep Ujang Dadang Cecep Dede Yayan Ade Acep Iwan Deden Engkos Ihsan Kurnia Ridwan "
        "Dadan Yusuf Jajang"
    ),
    female=_w("Euis Neneng Iis Elis Yuyun Tati Imas Nining Lilis Cucu Ai Rina Yeni Nia Wiwin"),
    male_second=_w(
        "Sunarya Suherman Hidayat Saepudin Permana Rukmana Sumarna Supriatna Hermawan Sopandi "
        "Ruhiyat Mulyana"
    ),
    female_second=_w(
        "Nurhayati Komalasari Rosmiati Herawati Sumiati Kartika Rosita Nurjanah Kurniasih Maryani"
    ),
)

MALAY = NameStock(
    key="melayu",
    weight=30,
    male=_w(
        "Muhammad Ahmad Abdul Rizal Syafrizal Zulkifli Hendri Fauzi Irwan Afrizal Syahrial "
        "Azwar Hasan Ridho Fadli Rahmat Zainal Amri Yusri Edi Taufik Firdaus Hamdani Sofyan "
        "Zulfikar Yuswandi Efendi Masrul Herman Khairul Ilham Rizki"
    ),
    female=_w(
        "Nurhasanah Rosmawati Yusnidar Desi Fitri Nurul Yulia Rina Mira Elvira Yenni Rosdiana "
        "Zuraida Marlina Elfi Desmawati Nurleli Syarifah Fatimah Aisyah Halimah Rahmah "
        "Mardiana Juliana Sartika Wardah Raudhah Hafizah"
    ),
    male_second=_w(
        "Syahputra Putra Hidayat Rahman Fauzan Yusuf Hakim Ramadhan Saputra Amin Hamid Rasyid "
        "Anwar Syukri Maulana Fikri Arifin Nasir Karim Zulkarnain Hanafi"
    ),
    female_second=_w(
        "Putri Sari Yanti Fitriani Rahmi Wati Susanti Oktaviani Novita Yulianti Hasanah "
        "Zahara Amelia Syafitri Mardiyah Ramadhani Afriani Khairani"
    ),
)

BATAK = NameStock(
    key="batak",
    weight=12,
    male=_w(
        "Martin Robert Jhonson Hotman Parlindungan Togar Sahat Benget Daniel Roy Marihot "
        "Poltak Tumpal Bonar Jonathan Rudolf Ferdinand Hendrik Samuel Ronald"
    ),
    female=_w(
        "Melati Dame Lamtiur Tiurma Rugun Nurmaida Lasmaria Friska Evi Ruth Rotua Sondang "
        "Debora Hotmaida Mariani Romauli Yohana Kristina"
    ),
    male_second=_w(
        "Siregar Simanjuntak Nasution Harahap Sitompul Hutapea Pardede Sinaga Manurung "
        "Simatupang Lubis Tampubolon Panjaitan Situmorang Sihombing Gultom Hasibuan Silalahi "
        "Pasaribu Sitorus Napitupulu Hutagalung Marpaung Damanik Purba"
    ),
    female_second=_w(
        "Siregar Simanjuntak Harahap Sitompul Hutapea Pardede Sinaga Manurung Simatupang "
        "Tampubolon Panjaitan Situmorang Sihombing Gultom Silalahi Pasaribu Sitorus "
        "Napitupulu Hutagalung Purba"
    ),
    female_marker="br.",
    hajj=False,
)

BUGIS = NameStock(
    key="bugis",
    weight=8,
    male=_w(
        "Syamsul Baharuddin Hasanuddin Jamaluddin Sudirman Mustafa Amiruddin Nurdin Syahrir "
        "Arsyad Basri Nasrullah Kamaruddin Muhlis Asri Darwis Safaruddin"
    ),
    female=_w(
        "Hasnah Sitti Hasmawati Nurbaya Haerani Suriani Wahida Asriani Kasmawati Rosmini "
        "Nurhaeda Hamsiah Jumriah Satriani"
    ),
    male_second=_w(
        "Hamzah Tahir Baso Latif Mappiasse Syarif Rauf Sahabuddin Pawallangi Daeng Ambo Mattola"
    ),
    female_second=_w(
        "Tenri Nurhayati Rahmatia Hasniah Mutmainnah Nurhikmah Sukmawati Ramlah Jusniati"
    ),
    single_share=0.08,
    noble_prefix="Andi",
)

STOCKS: tuple[NameStock, ...] = (JAVANESE, SUNDANESE, MALAY, BATAK, BUGIS)
_CUM_WEIGHTS = tuple(accumulate(stock.weight for stock in STOCKS))
# Stocks for posts held by Muslims only (teachers of Islamic religious education).
MUSLIM_STOCKS = tuple(stock for stock in STOCKS if stock.hajj)
_MUSLIM_CUM_WEIGHTS = tuple(accumulate(stock.weight for stock in MUSLIM_STOCKS))


def person_name(rng: random.Random, gender: str, *, muslim: bool = False) -> tuple[str, NameStock]:
    """A plain name (no titles) for gender "L" or "P", and the stock it came from."""
    if muslim:
        stock = rng.choices(MUSLIM_STOCKS, cum_weights=_MUSLIM_CUM_WEIGHTS)[0]
    else:
        stock = rng.choices(STOCKS, cum_weights=_CUM_WEIGHTS)[0]
    female = gender == "P"
    given = rng.choice(stock.female if female else stock.male)
    if rng.random() < stock.single_share:
        return given, stock
    second = rng.choice(stock.female_second if female else stock.male_second)
    if second == given:
        return given, stock
    if female and stock.female_marker and rng.random() < 0.4:
        second = f"{stock.female_marker} {second}"
    name = f"{given} {second}"
    if stock.noble_prefix and rng.random() < 0.15:
        name = f"{stock.noble_prefix} {name}"
    return name, stock


# Academic titles: suffix pools by profession. An empty string means "no degree shown".
# Weights repeat entries so that common degrees come up more often.
TITLE_POOLS: dict[str, tuple[str, ...]] = {
    "none": ("",) * 8 + ("S.E.", "A.Md."),
    "office": (
        ("",) * 4
        + ("S.E.",) * 2
        + ("S.H.", "S.H.", "S.Sos.", "S.Sos.", "S.IP.", "S.T.", "S.Kom.", "S.AP.", "S.AP.")
        + ("S.Ak.", "S.STP.", "A.Md.", "A.Md.", "S.M.", "S.Kom.")
    ),
    "leader": (
        "S.E., M.Si.",
        "S.H., M.H.",
        "S.Sos., M.Si.",
        "S.STP., M.Si.",
        "S.IP., M.AP.",
        "S.T., M.T.",
        "S.E., M.M.",
        "S.Pd., M.Pd.",
        "S.Sos., M.M.",
        "S.Hut., M.Si.",
        "S.P., M.Si.",
        "S.E., M.Ak.",
        "S.H.",
        "S.E.",
        "S.STP., M.AP.",
    ),
    "teacher": ("S.Pd.",) * 10 + ("S.Pd., M.Pd.", "S.Pd., M.Pd.", "S.Si.", "S.S.", "S.Kom."),
    "class_teacher": ("S.Pd.",) * 6 + ("S.Pd.SD",) * 4 + ("S.Pd., M.Pd.", "A.Ma.Pd."),
    "religion_teacher": ("S.Pd.I.", "S.Pd.I.", "S.Ag.", "S.Pd.", "S.Pd.I., M.Pd.I."),
    "school_head": ("S.Pd.", "S.Pd., M.Pd.", "S.Pd., M.Pd.", "S.Pd.SD", "S.Si., M.Pd."),
    "nurse": ("S.Kep., Ns.",) * 4 + ("A.Md.Kep.",) * 5 + ("S.Kep.",),
    "midwife": ("A.Md.Keb.",) * 6 + ("S.Tr.Keb.", "S.Tr.Keb.", "S.Keb., Bd."),
    "doctor": ("", "", "", "M.Kes.", "M.K.M."),  # "dr." prefix added separately
    "dentist": ("", "", "M.Kes."),  # "drg." prefix added separately
    "doctor_pd": ("Sp.PD.",),
    "doctor_a": ("Sp.A.",),
    "doctor_og": ("Sp.OG.",),
    "doctor_b": ("Sp.B.",),
    "health": ("S.K.M.",) * 3 + ("A.Md.Kes.", "A.Md.Kes.", "S.Gz.", "S.Tr.Kes.", "A.Md.AK."),
    "health_lead": ("S.K.M.", "S.K.M.", "S.K.M., M.Kes.", "S.K.M., M.K.M.", "S.Kep., Ns., M.Kes."),
    "pharmacy": ("A.Md.Farm.", "A.Md.Farm.", "S.Farm., Apt.", "S.Farm."),
    "engineer": ("S.T.", "S.T.", "S.T.", "A.Md.T.", "A.Md.T.", "", "S.T., M.T."),
    "agriculture": ("S.P.", "S.P.", "S.Pt.", "A.Md.P.", "S.Pi.", "", "S.P., M.Si."),
    "it": ("S.Kom.", "S.Kom.", "A.Md.Kom.", "S.T.", "S.Kom., M.Kom."),
    "law": ("S.H.", "S.H.", "S.H.", "S.H., M.H."),
    "finance": ("S.E.", "S.E.", "S.Ak.", "A.Md.Ak.", "S.E., M.Ak."),
    "social": ("S.Sos.", "S.Sos.", "S.Tr.Sos.", "S.Psi."),
}

# Professions whose name carries a prefix title besides the suffix; "doctor_pd" (a
# specialist) shares the prefix of "doctor".
PREFIX_TITLES: dict[str, str] = {"doctor": "dr.", "dentist": "drg."}


def titled_name(
    rng: random.Random, *, gender: str, title_pool: str, birth_year: int, senior: bool
) -> str:
    """A full display name: "Drs. H. Bambang Santoso, M.Si.", "Sri Wahyuni, S.Pd."."""
    base, stock = person_name(rng, gender, muslim=title_pool == "religion_teacher")
    prefixes: list[str] = []
    suffix = rng.choice(TITLE_POOLS[title_pool])
    profession = title_pool.partition("_")[0]
    if profession in PREFIX_TITLES:
        prefixes.append(PREFIX_TITLES[profession])
    elif senior and birth_year <= 1972 and rng.random() < 0.3:
        # Old-style degrees (before 1993) were written before the name.
        prefixes.append("Dra." if gender == "P" else "Drs.")
        suffix = "M.Si." if rng.random() < 0.5 else ""
    if stock.hajj and birth_year <= 1985 and rng.random() < (0.3 if senior else 0.08):
        prefixes.append("Hj." if gender == "P" else "H.")
    name = " ".join([*prefixes, base])
    return f"{name}, {suffix}" if suffix else name
