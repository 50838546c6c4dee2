"""Indonesian translations for parked days (recompute failures), the worker and /health/."""

ID = {
    "Days that could not be computed": "Hari yang tidak bisa dihitung",
    "Computing these employee-days raised an error, so they were set aside and every other day was computed. Usually a punch in the ledger has an impossible date or time: correct the data, then retry. A day is also retried by itself when its data changes. A day that can never be computed (dated before the region's first policy, such as 1970) can be taken off the list once its punch is dealt with.": "Perhitungan hari-pegawai berikut menimbulkan galat, jadi hari-hari ini disisihkan dan semua hari lain tetap dihitung. Biasanya ada absen di buku besar dengan tanggal atau jam yang mustahil: perbaiki datanya, lalu coba lagi. Hari juga dicoba lagi dengan sendirinya saat datanya berubah. Hari yang tidak mungkin dihitung (sebelum kebijakan pertama daerah, misalnya 1970) dapat dikeluarkan dari daftar setelah absennya dibereskan.",
    "Take off the list": "Keluarkan dari daftar",
    "Taken off the list. If new data marks the day again and it still fails, it returns.": "Dikeluarkan dari daftar. Jika data baru menandai hari itu lagi dan masih gagal, hari itu muncul kembali di sini.",
    "Retry all (%(n)s days)": "Coba lagi semua (%(n)s hari)",
    "The first %(shown)s days are shown.": "Yang ditampilkan hanya %(shown)s hari pertama; coba lagi semua untuk memproses sisanya.",
    "Employee": "Pegawai",
    "Error": "Galat",
    "First failure": "Gagal pertama",
    "Attempts": "Percobaan",
    "last": "terakhir",
    "Waiting for the worker": "Menunggu pekerja",
    "Retry": "Coba lagi",
    "No day is set aside: every marked day was computed.": "Tidak ada hari yang disisihkan: semua hari yang ditandai sudah dihitung.",
    "Days to compute again: %(n)s. The worker does it within a minute.": "Hari yang dihitung ulang: %(n)s. Pekerja latar menghitungnya dalam satu menit; muat ulang halaman ini untuk melihat hasilnya.",
    "Nothing to retry: the day is no longer set aside.": "Tidak ada yang perlu dicoba lagi: hari itu sudah tidak disisihkan. Muat ulang halaman untuk melihat daftar terbaru.",
    "Days not computed": "Hari gagal dihitung",
}
