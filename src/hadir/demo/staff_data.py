"""Positions (jabatan) of the demo kabupaten and the traits that go with each.

A `Post` says who typically holds a position: the share of women, the degrees shown after
the name, and the "cadre" that decides the mix of employee types (structural posts are
always PNS; support staff are often PPPK paruh waktu or non-ASN). Pools are weighted lists
from which the staff of a unit is drawn after its head and structural posts.
"""

from __future__ import annotations

from dataclasses import dataclass

# Employee-type weights (PNS, PPPK, PPPK_PW, NON_ASN) per cadre, tuned so that a whole
# kabupaten lands near 65 / 25 / 5 / 5 percent.
EMPLOYEE_TYPES: tuple[str, ...] = ("PNS", "PPPK", "PPPK_PW", "NON_ASN")
CADRE_TYPE_WEIGHTS: dict[str, tuple[float, ...]] = {
    "structural": (1, 0, 0, 0),
    "teacher": (58, 37, 3, 2),
    "health": (62, 31, 4, 3),
    "functional": (74, 20, 3, 3),
    "support": (18, 16, 33, 33),
}


@dataclass(frozen=True)
class Post:
    """A position and who typically holds it."""

    title: str
    title_pool: str = "office"  # key of names.TITLE_POOLS; "a|b" picks one at random
    female_share: float = 0.45
    cadre: str = "functional"  # key of CADRE_TYPE_WEIGHTS
    is_teacher: bool = False
    shift: bool = False  # works the SHIFT roster (nurses and midwives)


Pool = tuple[tuple[Post, float], ...]


def lead(title: str, pool: str = "leader") -> Post:
    """A structural post (head, sekretaris, kepala bidang/bagian/seksi): always PNS."""
    return Post(title, title_pool=pool, female_share=0.3, cadre="structural")


def support(title: str, female_share: float = 0.1) -> Post:
    """Drivers, guards, cleaners: mostly PPPK paruh waktu or non-ASN, no degree."""
    return Post(title, title_pool="none", female_share=female_share, cadre="support")


def teacher(subject: str, pool: str = "teacher", female_share: float = 0.65) -> Post:
    return Post(
        subject, title_pool=pool, female_share=female_share, cadre="teacher", is_teacher=True
    )


def posts(titles: str, pool: str = "office", weight: float = 2.0, female: float = 0.45) -> Pool:
    """Specialist posts from a ";"-separated list, all with the same traits and weight."""
    return tuple(
        (Post(title.strip(), title_pool=pool, female_share=female), weight)
        for title in titles.split(";")
    )


GENERIC_OFFICE: Pool = (
    (Post("Penata Layanan Operasional"), 3),
    (Post("Pengelola Layanan Operasional"), 3),
    (Post("Operator Layanan Operasional", title_pool="none"), 2),
    (Post("Pengadministrasi Umum", title_pool="none"), 2.5),
    (Post("Analis Kebijakan"), 1),
    (Post("Pengelola Keuangan", title_pool="finance", female_share=0.6), 1),
    (Post("Bendahara Pengeluaran", title_pool="finance", female_share=0.6), 0.3),
    (Post("Arsiparis", female_share=0.6), 0.5),
    (Post("Pranata Komputer", title_pool="it", female_share=0.3), 0.5),
    (Post("Perencana"), 0.5),
    (Post("Analis Sumber Daya Manusia Aparatur", female_share=0.55), 0.4),
    (support("Pengemudi", 0.0), 0.8),
    (support("Pramu Kantor", 0.35), 0.8),
    (support("Petugas Keamanan", 0.05), 0.5),
)

KECAMATAN_HEAD = lead("Camat", "leader")
KECAMATAN_SECTIONS: tuple[Post, ...] = (
    lead("Sekretaris Camat"),
    lead("Kepala Seksi Pemerintahan"),
    lead("Kepala Seksi Pemberdayaan Masyarakat dan Desa"),
    lead("Kepala Seksi Ketenteraman dan Ketertiban Umum"),
    lead("Kepala Seksi Pelayanan Umum"),
    lead("Kepala Subbagian Umum dan Kepegawaian"),
    lead("Kepala Subbagian Perencanaan dan Keuangan"),
)
KECAMATAN_POOL: Pool = (
    *GENERIC_OFFICE,
    (Post("Analis Pemerintahan Desa"), 1.5),
    (Post("Polisi Pamong Praja", title_pool="none", female_share=0.15), 1.5),
)

SCHOOL_HEAD = teacher("Kepala Sekolah", "school_head", female_share=0.5)
_SCHOOL_STAFF: Pool = (
    (
        Post("Tenaga Administrasi Sekolah", title_pool="none", female_share=0.5, cadre="support"),
        0.8,
    ),
    (support("Operator Sekolah", 0.45), 0.7),
    (support("Penjaga Sekolah", 0.05), 0.7),
)
SD_POOL: Pool = (
    (teacher("Guru Kelas", "class_teacher", female_share=0.72), 10),
    (teacher("Guru Pendidikan Agama Islam", "religion_teacher", 0.5), 1.6),
    (teacher("Guru Pendidikan Jasmani, Olahraga, dan Kesehatan", female_share=0.3), 1.2),
    *_SCHOOL_STAFF,
)
# Subjects of SMP teachers with their weight (more hours a week => more teachers).
SMP_SUBJECTS: tuple[tuple[str, float], ...] = (
    ("Matematika", 2.0),
    ("Bahasa Indonesia", 2.0),
    ("Bahasa Inggris", 1.8),
    ("Ilmu Pengetahuan Alam", 1.8),
    ("Ilmu Pengetahuan Sosial", 1.6),
    ("Pendidikan Pancasila", 1.2),
    ("Seni Budaya", 0.8),
    ("Informatika", 0.8),
    ("Prakarya", 0.6),
)
SMP_POOL: Pool = (
    *((teacher(f"Guru Mata Pelajaran {subject}"), weight) for subject, weight in SMP_SUBJECTS),
    (teacher("Guru Mata Pelajaran Pendidikan Agama Islam", "religion_teacher", 0.5), 1.4),
    (
        teacher(
            "Guru Mata Pelajaran Pendidikan Jasmani, Olahraga, dan Kesehatan", female_share=0.3
        ),
        1.2,
    ),
    (teacher("Guru Bimbingan dan Konseling", female_share=0.75), 1),
    *_SCHOOL_STAFF,
    (Post("Laboran", title_pool="none"), 0.3),
    (Post("Pustakawan", female_share=0.7), 0.3),
)

_NURSE = Post("Perawat", title_pool="nurse", female_share=0.72, cadre="health", shift=True)
_MIDWIFE = Post("Bidan", title_pool="midwife", female_share=1.0, cadre="health", shift=True)
_HEALTH_COMMON: Pool = (
    (
        Post("Tenaga Teknis Kefarmasian", title_pool="pharmacy", female_share=0.75, cadre="health"),
        1,
    ),
    (
        Post(
            "Pranata Laboratorium Kesehatan", title_pool="health", female_share=0.7, cadre="health"
        ),
        0.8,
    ),
    (Post("Nutrisionis", title_pool="health", female_share=0.85, cadre="health"), 0.6),
    (Post("Tenaga Sanitasi Lingkungan", title_pool="health", cadre="health"), 0.6),
    (Post("Perekam Medis", title_pool="health", female_share=0.7), 0.8),
    (Post("Pengadministrasi Umum", title_pool="none"), 1),
    (support("Pengemudi Ambulans", 0.0), 0.5),
    (support("Petugas Kebersihan", 0.5), 0.6),
)
PUSKESMAS_HEAD = Post(
    "Kepala Puskesmas", title_pool="doctor|health_lead", female_share=0.5, cadre="structural"
)
PUSKESMAS_SECTIONS: tuple[Post, ...] = (lead("Kepala Subbagian Tata Usaha"),)
PUSKESMAS_POOL: Pool = (
    (_NURSE, 10),
    (_MIDWIFE, 8),
    (Post("Dokter Umum", title_pool="doctor", female_share=0.6, cadre="health"), 1.5),
    (Post("Dokter Gigi", title_pool="dentist", female_share=0.7, cadre="health"), 0.6),
    (
        Post(
            "Penyuluh Kesehatan Masyarakat", title_pool="health", female_share=0.6, cadre="health"
        ),
        0.6,
    ),
    *_HEALTH_COMMON,
)

RSUD_HEAD = Post("Direktur", title_pool="doctor", female_share=0.4, cadre="structural")
RSUD_SECTIONS: tuple[Post, ...] = (
    lead("Kepala Bagian Tata Usaha"),
    lead("Kepala Bidang Pelayanan Medik", "doctor"),
    lead("Kepala Bidang Keperawatan", "nurse"),
    lead("Kepala Bidang Penunjang"),
)
RSUD_POOL: Pool = (
    (_NURSE, 16),
    (_MIDWIFE, 4),
    (Post("Dokter Umum", title_pool="doctor", female_share=0.6, cadre="health"), 2),
    (Post("Dokter Spesialis Penyakit Dalam", title_pool="doctor_pd", cadre="health"), 0.3),
    (Post("Dokter Spesialis Anak", title_pool="doctor_a", female_share=0.6, cadre="health"), 0.3),
    (Post("Dokter Spesialis Obstetri dan Ginekologi", title_pool="doctor_og", cadre="health"), 0.3),
    (Post("Dokter Spesialis Bedah", title_pool="doctor_b", female_share=0.2, cadre="health"), 0.3),
    (Post("Radiografer", title_pool="health", cadre="health"), 0.5),
    *_HEALTH_COMMON,
)

UPT_HEAD = lead("Kepala UPTD")
UPT_SECTIONS: tuple[Post, ...] = (lead("Kepala Subbagian Tata Usaha"),)
