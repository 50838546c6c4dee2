"""The region and its 30 SKPD offices (sekretariat, dinas, badan): Kabupaten Sukamaju.

With the 11 kecamatan of field_units_data that makes 41 SKPD at the top level, as in
Kabupaten Muarojambi (see shared/seeds). Names follow the usual nomenclature of Indonesian
regional governments (PP 18/2016 and its amendments); every place name is made up. Codes
are stable: demo data, tests and documentation may refer to them.

Kinds are limited to sekretariat, dinas, badan, kecamatan, sekolah, puskesmas and upt: the
Inspektorat is filed as a badan and Satpol PP as a dinas, which is how most regional
organisation charts group them.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadir.demo.staff_data import Pool, Post, lead, posts, support

REGION_NAME = "Kabupaten Sukamaju"
TIMEZONE = "Asia/Jakarta"
# Centre of the (fictional) capital, Sukajaya: lowland Jambi, east of the provincial capital.
CAPITAL_LAT = -1.585
CAPITAL_LON = 103.745
NIK_REGION = "1505"  # province 15 + kabupaten 05, as the demo's NIK prefix


@dataclass(frozen=True)
class SkpdSpec:
    """One top-level SKPD: its head, structural posts (filled in order) and specialists."""

    code: str
    name: str
    kind: str
    head: Post
    size: tuple[int, int]  # typical headcount at 5,000 employees (before scaling)
    sections: tuple[Post, ...]
    specialists: Pool


def _office(
    code: str,
    name: str,
    kind: str,
    bidang: str,
    specialists: Pool,
    *,
    size: tuple[int, int] = (35, 70),
    head: str = "",
) -> SkpdSpec:
    """A dinas or badan: a head, a sekretaris, kepala bidang, two kepala subbagian."""
    head_title = head or ("Kepala Dinas" if kind == "dinas" else "Kepala Badan")
    sections = (
        lead("Sekretaris"),
        *(lead(f"Kepala Bidang {b.strip()}") for b in bidang.split(";")),
        lead("Kepala Subbagian Umum dan Kepegawaian"),
        lead("Kepala Subbagian Perencanaan dan Keuangan"),
    )
    return SkpdSpec(code, name, kind, lead(head_title), size, sections, specialists)


def _leads(titles: str) -> tuple[Post, ...]:
    """Structural posts from a ";"-separated list."""
    return tuple(lead(title.strip()) for title in titles.split(";"))


_SETDA_SECTIONS = _leads(
    "Asisten Pemerintahan dan Kesejahteraan Rakyat; Asisten Perekonomian dan Pembangunan; "
    "Asisten Administrasi Umum; Kepala Bagian Pemerintahan; Kepala Bagian Hukum; "
    "Kepala Bagian Kesejahteraan Rakyat; Kepala Bagian Perekonomian dan Sumber Daya Alam; "
    "Kepala Bagian Administrasi Pembangunan; Kepala Bagian Pengadaan Barang dan Jasa; "
    "Kepala Bagian Organisasi; Kepala Bagian Umum; "
    "Kepala Bagian Protokol dan Komunikasi Pimpinan"
)

SKPD: tuple[SkpdSpec, ...] = (
    SkpdSpec(
        "SETDA",
        "Sekretariat Daerah",
        "sekretariat",
        lead("Sekretaris Daerah"),
        (110, 160),
        _SETDA_SECTIONS,
        posts("Perancang Peraturan Perundang-undangan; Pengelola Pengadaan Barang/Jasa", "law")
        + posts("Analis Kebijakan; Pranata Humas; Analis Organisasi"),
    ),
    SkpdSpec(
        "SETWAN",
        "Sekretariat DPRD",
        "sekretariat",
        lead("Sekretaris DPRD"),
        (45, 75),
        tuple(
            lead(f"Kepala Bagian {b}")
            for b in (
                "Umum dan Keuangan",
                "Persidangan dan Perundang-undangan",
                "Fasilitasi Penganggaran dan Pengawasan",
            )
        ),
        posts("Perancang Peraturan Perundang-undangan; Pranata Humas; Analis Persidangan"),
    ),
    SkpdSpec(
        "INSPEKTORAT",
        "Inspektorat Daerah",
        "badan",
        lead("Inspektur"),
        (35, 55),
        (
            lead("Sekretaris"),
            *(lead(f"Inspektur Pembantu Wilayah {n}") for n in ("I", "II", "III", "IV")),
        ),
        posts("Auditor; Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", weight=8),
    ),
    _office(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "badan",
        "Perencanaan Pemerintahan dan Pembangunan Manusia; Perekonomian dan Sumber Daya Alam; "
        "Infrastruktur dan Kewilayahan; Riset dan Inovasi",
        posts("Perencana; Analis Kebijakan; Peneliti", weight=4),
        size=(30, 50),
    ),
    _office(
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "badan",
        "Pengadaan, Pemberhentian dan Informasi; Mutasi dan Promosi; "
        "Pengembangan Kompetensi; Penilaian Kinerja dan Penghargaan",
        posts("Analis Sumber Daya Manusia Aparatur; Asesor Sumber Daya Manusia Aparatur", weight=5)
        + posts("Pranata Komputer", "it"),
        size=(35, 55),
    ),
    _office(
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "badan",
        "Anggaran; Perbendaharaan; Akuntansi; Aset",
        posts("Analis Keuangan Pusat dan Daerah; Pengelola Barang Milik Daerah", "finance", 5),
        size=(45, 75),
    ),
    _office(
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "badan",
        "Pendataan dan Penetapan; Penagihan dan Keberatan; Pajak Bumi dan Bangunan",
        posts("Analis Pendapatan Daerah; Penilai Pajak Bumi dan Bangunan", "finance", 5),
        size=(40, 65),
    ),
    _office(
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "badan",
        "Pencegahan dan Kesiapsiagaan; Kedaruratan dan Logistik; Rehabilitasi dan Rekonstruksi",
        (
            *posts("Analis Bencana; Petugas Pusat Pengendalian Operasi", weight=4),
            (support("Petugas Tim Reaksi Cepat", 0.1), 4),
        ),
        size=(35, 60),
        head="Kepala Pelaksana",
    ),
    _office(
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "badan",
        "Ideologi dan Wawasan Kebangsaan; Politik Dalam Negeri dan Organisasi Kemasyarakatan",
        posts("Analis Kebijakan; Analis Politik Dalam Negeri", "social"),
        size=(22, 35),
    ),
    _office(
        "DISDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "dinas",
        "Pembinaan Sekolah Dasar; Pembinaan Sekolah Menengah Pertama; "
        "Pembinaan Pendidik dan Tenaga Kependidikan; Kebudayaan",
        posts("Pengawas Sekolah; Penilik; Pamong Belajar", "school_head", 4, 0.55)
        + posts("Pengelola Data Pendidikan", "it"),
        size=(60, 95),
    ),
    _office(
        "DINKES",
        "Dinas Kesehatan",
        "dinas",
        "Kesehatan Masyarakat; Pencegahan dan Pengendalian Penyakit; Pelayanan Kesehatan; "
        "Sumber Daya Kesehatan",
        posts("Epidemiolog Kesehatan; Administrator Kesehatan; Apoteker", "health", 4, 0.6),
        size=(55, 85),
    ),
    _office(
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "dinas",
        "Bina Marga; Sumber Daya Air; Cipta Karya; Penataan Ruang",
        posts("Teknik Jalan dan Jembatan; Teknik Pengairan; Penata Ruang", "engineer", 5, 0.2),
        size=(60, 100),
    ),
    _office(
        "DISHUB",
        "Dinas Perhubungan",
        "dinas",
        "Lalu Lintas dan Angkutan; Sarana dan Prasarana",
        posts("Penguji Kendaraan Bermotor; Petugas Perhubungan", "none", 6, 0.1),
        size=(45, 80),
    ),
    _office(
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika dan Persandian",
        "dinas",
        "Informasi dan Komunikasi Publik; Aplikasi Informatika; Statistik dan Persandian",
        posts("Pranata Komputer; Pranata Humas; Sandiman; Statistisi", "it", 4, 0.35),
        size=(30, 50),
    ),
    _office(
        "DINSOS",
        "Dinas Sosial",
        "dinas",
        "Rehabilitasi Sosial; Perlindungan dan Jaminan Sosial; Pemberdayaan Sosial",
        posts("Pekerja Sosial; Penyuluh Sosial", "social", 5, 0.6),
        size=(30, 50),
    ),
    _office(
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "dinas",
        "Pelayanan Pendaftaran Penduduk; Pelayanan Pencatatan Sipil; "
        "Pengelolaan Informasi Administrasi Kependudukan",
        posts("Administrator Database Kependudukan; Pengelola Data Kependudukan", "it", 6, 0.5),
        size=(35, 60),
    ),
    _office(
        "DLH",
        "Dinas Lingkungan Hidup",
        "dinas",
        "Tata Lingkungan; Pengendalian Pencemaran; Pengelolaan Sampah",
        (
            *posts("Pengendali Dampak Lingkungan; Pengawas Lingkungan Hidup", "engineer", 3),
            (support("Petugas Kebersihan", 0.3), 6),
        ),
        size=(45, 90),
    ),
    SkpdSpec(
        "SATPOLPP",
        "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        "dinas",
        lead("Kepala Satuan Polisi Pamong Praja"),
        (70, 110),
        (
            lead("Sekretaris"),
            lead("Kepala Bidang Penegakan Peraturan Daerah"),
            lead("Kepala Bidang Ketenteraman dan Ketertiban Umum"),
            lead("Kepala Bidang Perlindungan Masyarakat"),
            lead("Kepala Bidang Pemadam Kebakaran"),
        ),
        posts("Polisi Pamong Praja", "none", 18, 0.15)
        + posts("Penyidik Pegawai Negeri Sipil", "law", 1, 0.2)
        + ((support("Petugas Pemadam Kebakaran", 0.02), 6),),
    ),
    _office(
        "DISTAN",
        "Dinas Pertanian Tanaman Pangan dan Hortikultura",
        "dinas",
        "Tanaman Pangan; Hortikultura; Prasarana dan Sarana Pertanian; Penyuluhan",
        posts("Penyuluh Pertanian; Pengendali Organisme Pengganggu Tumbuhan", "agriculture", 8),
        size=(50, 90),
    ),
    _office(
        "DISBUNNAK",
        "Dinas Perkebunan dan Peternakan",
        "dinas",
        "Perkebunan; Peternakan; Kesehatan Hewan",
        posts("Penyuluh Pertanian; Pengawas Bibit Ternak; Medik Veteriner", "agriculture", 5),
        size=(40, 70),
    ),
    _office(
        "DISKAN",
        "Dinas Perikanan",
        "dinas",
        "Perikanan Budidaya; Perikanan Tangkap",
        posts("Penyuluh Perikanan; Pengelola Produksi Perikanan", "agriculture", 5),
        size=(25, 45),
    ),
    _office(
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dinas",
        "Penanaman Modal; Pelayanan Perizinan",
        posts("Analis Perizinan; Analis Penanaman Modal", weight=4),
        size=(25, 45),
    ),
    _office(
        "DISNAKERTRANS",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "dinas",
        "Penempatan dan Pelatihan Tenaga Kerja; Hubungan Industrial; Transmigrasi",
        posts("Mediator Hubungan Industrial; Pengantar Kerja; Instruktur", weight=3),
        size=(25, 45),
    ),
    _office(
        "DPMD",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "dinas",
        "Pemerintahan Desa; Pemberdayaan Masyarakat dan Kelembagaan Desa",
        posts("Analis Pemerintahan Desa; Penggerak Swadaya Masyarakat", "social", 4),
        size=(25, 45),
    ),
    _office(
        "DP3AP2KB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, "
        "Pengendalian Penduduk dan Keluarga Berencana",
        "dinas",
        "Pemberdayaan Perempuan dan Perlindungan Anak; Pengendalian Penduduk; Keluarga Berencana",
        posts("Penyuluh Keluarga Berencana; Pekerja Sosial", "social", 5, 0.75),
        size=(30, 55),
    ),
    _office(
        "DISPERINDAGKOP",
        "Dinas Perindustrian, Perdagangan, Koperasi dan Usaha Kecil Menengah",
        "dinas",
        "Perindustrian; Perdagangan; Koperasi dan Usaha Kecil Menengah",
        posts("Pengawas Perdagangan; Penera; Pengawas Koperasi", weight=3),
        size=(35, 60),
    ),
    _office(
        "DISPARPORA",
        "Dinas Pariwisata, Pemuda dan Olahraga",
        "dinas",
        "Destinasi dan Pemasaran Pariwisata; Kepemudaan; Keolahragaan",
        posts("Adyatama Kepariwisataan dan Ekonomi Kreatif; Analis Kepemudaan", weight=3),
        size=(25, 45),
    ),
    _office(
        "DISPERKIM",
        "Dinas Perumahan dan Kawasan Permukiman",
        "dinas",
        "Perumahan; Kawasan Permukiman; Pertanahan",
        posts("Teknik Tata Bangunan dan Perumahan; Penata Kadastral", "engineer", 4, 0.25),
        size=(25, 45),
    ),
    _office(
        "DISPUSIP",
        "Dinas Perpustakaan dan Kearsipan",
        "dinas",
        "Perpustakaan; Kearsipan",
        posts("Pustakawan; Arsiparis", "office", 6, 0.65),
        size=(20, 35),
    ),
    _office(
        "DKP",
        "Dinas Ketahanan Pangan",
        "dinas",
        "Ketersediaan dan Distribusi Pangan; Konsumsi dan Keamanan Pangan",
        posts("Analis Ketahanan Pangan; Pengawas Mutu Hasil Pertanian", "agriculture", 4),
        size=(22, 40),
    ),
)
