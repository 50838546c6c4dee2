"""Indonesian translations for validation at the edge (months, years, dates, coordinates,
numbers, codes), the error pages, and import apply/preview consistency."""

ID = {
    # hadir.edge.values
    "%(name)s is missing. Fill it in and send again.": "%(name)s belum diisi. Isi lalu kirim lagi.",
    "%(name)s is too long (%(length)s characters; at most %(max)s). Shorten it and send again.": "%(name)s terlalu panjang (%(length)s karakter; paling banyak %(max)s). Persingkat lalu kirim lagi.",
    "Month %(value)s is not a month. Write it as YYYY-MM, for example 2026-03.": "Bulan %(value)s bukan bulan yang benar. Tulis sebagai YYYY-MM, misalnya 2026-03.",
    "Month %(value)s is outside the supported range (%(first)s to %(last)s). Choose another month.": "Bulan %(value)s di luar rentang yang didukung (%(first)s sampai %(last)s). Pilih bulan lain.",
    "Year %(value)s is not a year. Write four digits, for example 2026.": "Tahun %(value)s bukan tahun yang benar. Tulis empat angka, misalnya 2026.",
    "Year %(value)s is outside the supported range (%(first)s to %(last)s). Choose another year.": "Tahun %(value)s di luar rentang yang didukung (%(first)s sampai %(last)s). Pilih tahun lain.",
    "Date %(value)s is not a date. Write it as YYYY-MM-DD, for example 2026-03-02.": "Tanggal %(value)s bukan tanggal yang benar. Tulis sebagai YYYY-MM-DD, misalnya 2026-03-02.",
    "Date %(value)s is outside the supported range (%(first)s to %(last)s). Choose another date.": "Tanggal %(value)s di luar rentang yang didukung (%(first)s sampai %(last)s). Pilih tanggal lain.",
    "%(name)s %(value)s is not a date and time with its offset. Write it like 2026-03-02T07:31:05+07:00.": "%(name)s %(value)s bukan tanggal dan jam dengan zona waktunya. Tulis seperti 2026-03-02T07:31:05+07:00.",
    "%(name)s %(value)s is outside the supported range (%(first)s to %(last)s). Check the device's clock.": "%(name)s %(value)s di luar rentang yang didukung (%(first)s sampai %(last)s). Periksa jam perangkat.",
    "Time %(value)s is not a time of day. Write it as HH:MM, for example 07:30.": "Jam %(value)s bukan jam yang benar. Tulis sebagai HH:MM, misalnya 07:30.",
    "%(name)s %(value)s is not a number. Send a plain decimal number.": "%(name)s %(value)s bukan angka. Kirim angka desimal biasa.",
    "%(name)s %(value)s is not a finite number. Send a real measurement, or leave it out.": "%(name)s %(value)s bukan bilangan terhingga. Kirim hasil ukur yang sebenarnya, atau kosongkan.",
    "%(name)s %(value)s is outside the range %(min)s to %(max)s. Send a value in that range.": "%(name)s %(value)s di luar rentang %(min)s sampai %(max)s. Kirim nilai dalam rentang itu.",
    "%(name)s %(value)s is not a whole number. Send digits only.": "%(name)s %(value)s bukan bilangan bulat. Kirim angka saja.",
    "%(name)s %(value)s may only hold letters, digits, dots, dashes and underscores (at most %(max)s characters). Check the code.": "%(name)s %(value)s hanya boleh berisi huruf, angka, titik, tanda hubung dan garis bawah (paling banyak %(max)s karakter). Periksa kodenya.",
    "NIP %(value)s must be exactly %(length)s digits. Check the number.": "NIP %(value)s harus tepat %(length)s angka. Periksa nomornya.",
    "PIN %(value)s must be 1 to %(max)s letters or digits, without spaces. Check the PIN.": "PIN %(value)s harus 1 sampai %(max)s huruf atau angka, tanpa spasi. Periksa PIN-nya.",
    "%(name)s holds a NUL character. Type the text again without it.": "%(name)s memuat karakter NUL. Ketik ulang teksnya tanpa karakter itu.",
    # hadir.edge.pages
    "%(problem)s Showing %(shown)s instead.": "%(problem)s Menampilkan %(shown)s sebagai gantinya.",
    # error pages
    "Request not valid": "Permintaan tidak valid",
    "Something in the address or in the form cannot be used. Go back, check what you typed or chose, and try again.": "Ada isian di alamat atau formulir yang tidak dapat dipakai. Kembali, periksa yang Anda ketik atau pilih, lalu coba lagi.",
    "Back to the home page": "Kembali ke beranda",
    "Not allowed": "Tidak diizinkan",
    "Your account may not do this. If you need it, ask your unit operator or the BKD administrator for the role.": "Akun Anda tidak boleh melakukan ini. Bila perlu, mintalah peran itu kepada operator unit atau admin BKD.",
    "Page not found": "Halaman tidak ditemukan",
    "This page does not exist, or what it shows is outside your units. Check the address, or start again from the home page.": "Halaman ini tidak ada, atau isinya di luar unit Anda. Periksa alamatnya, atau mulai lagi dari beranda.",
    "Something went wrong on the server": "Terjadi kesalahan di server",
    "The error was recorded. Try again in a moment; if it keeps happening, tell the Diskominfo administrator what you were doing.": "Kesalahan ini sudah dicatat. Coba lagi sebentar lagi; bila terus terjadi, beri tahu admin Diskominfo apa yang sedang Anda lakukan.",
    # punches
    "Punch of PIN %(pin)s at %(time)s kept aside: %(problem)s": "Absensi PIN %(pin)s pada %(time)s disisihkan: %(problem)s",
    # imports
    "Not saved: %(problem)s Fix the row and upload the file again.": "Tidak disimpan: %(problem)s Perbaiki barisnya lalu unggah berkas lagi.",
    "the database refused the row (%(error)s).": "basis data menolak baris ini (%(error)s).",
    "The import could not be applied (%(error)s); nothing was written. The file and its preview are kept: try again later by uploading the file again, and if it fails again tell the Diskominfo administrator.": "Impor tidak dapat diterapkan (%(error)s); tidak ada yang ditulis. Berkas dan pratinjaunya tetap disimpan: coba lagi nanti dengan mengunggah berkas itu lagi, dan bila gagal lagi beri tahu admin Diskominfo.",
    "Number %(number)s already belongs to an employee of another type. Check the jenis column.": "Nomor %(number)s sudah dimiliki pegawai jenis lain. Periksa kolom jenis.",
    "NIK %(nik)s is already used on row %(line)d of the file.": "NIK %(nik)s sudah dipakai di baris %(line)d berkas ini.",
    "lokasi is too long (%(length)d characters; at most %(max)d).": "lokasi terlalu panjang (%(length)d karakter; paling banyak %(max)d).",
    "its parent unit %(parent)s was not saved.": "unit induknya %(parent)s tidak disimpan.",
}
