"""Kecamatan and UPT of the fictional Kabupaten Sukamaju: the units out in the field.

The eleven kecamatan are top-level SKPD (their offices, schools and puskesmas are spread
around the kabupaten); the UPTD sit under a dinas. All names are made up.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadir.demo.staff_data import Pool, posts, support


@dataclass(frozen=True)
class KecamatanSpec:
    code: str
    name: str
    short: str  # three letters used in the codes of its schools and puskesmas


@dataclass(frozen=True)
class UptSpec:
    code: str
    name: str
    parent_code: str
    size: tuple[int, int]
    specialists: Pool


# Kecamatan in order; the first holds the capital and the kabupaten offices.
KECAMATAN: tuple[KecamatanSpec, ...] = (
    KecamatanSpec("KEC-SUKAJAYA", "Sukajaya", "SJY"),
    KecamatanSpec("KEC-TJHARAPAN", "Tanjung Harapan", "TJH"),
    KecamatanSpec("KEC-SGLANDAI", "Sungai Landai", "SGL"),
    KecamatanSpec("KEC-MRSEPINTU", "Muara Sepintu", "MSP"),
    KecamatanSpec("KEC-PMTSARI", "Pematang Sari", "PMS"),
    KecamatanSpec("KEC-BKTRINDANG", "Bukit Rindang", "BKR"),
    KecamatanSpec("KEC-TLGKEMUNING", "Talang Kemuning", "TLK"),
    KecamatanSpec("KEC-RTSEJAHTERA", "Rantau Sejahtera", "RTS"),
    KecamatanSpec("KEC-LBKDAMAI", "Lubuk Damai", "LBD"),
    KecamatanSpec("KEC-TLKMAYANG", "Teluk Mayang", "TKM"),
    KecamatanSpec("KEC-DNSERUNI", "Danau Seruni", "DNS"),
)

# UPT, in the order they are added as the kabupaten grows (the RSUD first).
UPT: tuple[UptSpec, ...] = (
    UptSpec("RSUD", "RSUD Sukamaju", "DINKES", (120, 180), ()),
    UptSpec(
        "UPT-LABKESDA",
        "UPTD Laboratorium Kesehatan Daerah",
        "DINKES",
        (10, 18),
        posts("Pranata Laboratorium Kesehatan", "health", 6, 0.7),
    ),
    UptSpec(
        "UPT-PKB",
        "UPTD Pengujian Kendaraan Bermotor",
        "DISHUB",
        (10, 18),
        posts("Penguji Kendaraan Bermotor", "none", 6, 0.1),
    ),
    UptSpec(
        "UPT-ALKAT",
        "UPTD Peralatan dan Perbengkelan",
        "DPUPR",
        (10, 20),
        posts("Operator Alat Berat; Mekanik", "none", 4, 0.0),
    ),
    UptSpec(
        "UPT-TPA",
        "UPTD Tempat Pemrosesan Akhir Sampah",
        "DLH",
        (10, 20),
        ((support("Petugas Kebersihan", 0.3), 8),),
    ),
    UptSpec(
        "UPT-IFK",
        "UPTD Instalasi Farmasi Kabupaten",
        "DINKES",
        (8, 14),
        posts("Apoteker; Tenaga Teknis Kefarmasian", "pharmacy", 5, 0.75),
    ),
    UptSpec(
        "UPT-BBI",
        "UPTD Balai Benih Ikan",
        "DISKAN",
        (8, 14),
        posts("Pengelola Produksi Perikanan", "agriculture", 5, 0.2),
    ),
    UptSpec(
        "UPT-PASAR",
        "UPTD Pengelolaan Pasar",
        "DISPERINDAGKOP",
        (10, 18),
        ((support("Petugas Pasar", 0.3), 6),),
    ),
)
