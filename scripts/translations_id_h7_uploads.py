"""Indonesian translations for upload limits (imports, flashdisk files) and the manual sheet."""

ID = {
    "The file is larger than the limit of %(limit)s. Split it into smaller files and upload them one by one.": "Berkas lebih besar dari batas %(limit)s. Pecah menjadi beberapa berkas yang lebih kecil lalu unggah satu per satu.",
    "The Excel file holds %(count)d parts; the limit is %(limit)d. Copy only the sheet with the data into a new workbook, save it and upload again.": "Berkas Excel berisi %(count)d bagian; batasnya %(limit)d. Salin hanya lembar yang berisi data ke workbook baru, simpan, lalu unggah lagi.",
    "The Excel file unpacks to more than the limit of %(limit)s. Split it into smaller files or save it as CSV, then upload again.": "Berkas Excel setelah dibuka lebih besar dari batas %(limit)s. Pecah menjadi beberapa berkas yang lebih kecil atau simpan sebagai CSV, lalu unggah lagi.",
    "The Excel file is packed suspiciously tightly (one part unpacks to %(ratio)d times its size; the limit is %(limit)d) and was refused for safety. Open it in Excel, save it again as .xlsx or as CSV, then upload again.": "Berkas Excel dikemas sangat rapat secara mencurigakan (satu bagiannya membesar %(ratio)d kali ukurannya; batasnya %(limit)d) dan ditolak demi keamanan. Buka di Excel, simpan ulang sebagai .xlsx atau CSV, lalu unggah lagi.",
    "The file has more than %(limit)d rows. Split it into files of at most %(limit)d rows and upload them one by one.": "Berkas memiliki lebih dari %(limit)d baris. Pecah menjadi beberapa berkas berisi paling banyak %(limit)d baris lalu unggah satu per satu.",
    "Row %(line)d has a value in column %(column)d; the limit is %(limit)d columns. Delete the extra columns (start from the template) and upload again.": "Baris %(line)d berisi nilai di kolom %(column)d; batasnya %(limit)d kolom. Hapus kolom yang berlebih (mulai dari templat) lalu unggah lagi.",
    "Row %(line)d holds a cell longer than %(limit)d characters. A cell holds one value (a name, a number): shorten it or check the separators, then upload again.": "Baris %(line)d berisi sel yang lebih panjang dari %(limit)d karakter. Satu sel berisi satu nilai (nama, nomor): perpendek isinya atau periksa pemisah kolom, lalu unggah lagi.",
    "Row %(line)d of the CSV file cannot be read (for example a quote mark that is never closed). Save the file again as CSV (UTF-8) from your spreadsheet and upload again.": "Baris %(line)d berkas CSV tidak bisa dibaca (misalnya ada tanda kutip yang tidak ditutup). Simpan ulang berkas sebagai CSV (UTF-8) dari aplikasi lembar kerja lalu unggah lagi.",
    "Refused": "Ditolak",
    "The file was refused as a whole; nothing was saved. The reason and what to do:": "Berkas ditolak seluruhnya; tidak ada yang disimpan. Alasan dan yang perlu dilakukan:",
}
ID.update(
    {
        "The file has more than %(limit)d lines. Copy only recent attendance from the machine (download by date), or split the file into parts of at most %(limit)d lines.": "Berkas memiliki lebih dari %(limit)d baris. Salin hanya absensi terbaru dari mesin (unduh per tanggal), atau pecah berkas menjadi bagian berisi paling banyak %(limit)d baris.",
    }
)
ID.update(
    {
        "The sheet could not be read. Reload the page and send it again: what you typed is kept in this browser.": "Lembar tidak bisa dibaca. Muat ulang halaman lalu kirim lagi: yang sudah Anda ketik tersimpan di peramban ini.",
        "Someone ticked on the sheet is no longer an active employee of this unit. Reload the page, check the ticked people and send it again.": "Seseorang yang dicentang di lembar bukan lagi pegawai aktif unit ini. Muat ulang halaman, periksa orang yang dicentang, lalu kirim lagi.",
        "What you typed earlier was brought back from this browser. Attach the scan again before sending.": "Isian Anda sebelumnya dipulihkan dari peramban ini. Lampirkan lagi pindaian lembar sebelum mengirim.",
        "Saved in this browser as a draft until the server confirms the sheet.": "Tersimpan di peramban ini sebagai draf sampai server menerima lembar.",
        "The sheet was not sent: no connection or the server failed. What you typed is kept in this browser; send it again.": "Lembar belum terkirim: tidak ada koneksi atau server gagal. Isian Anda tetap tersimpan di peramban ini; kirim lagi.",
        "Sending…": "Mengirim…",
        "Find a person (name, number or PIN)": "Cari orang (nama, nomor, atau PIN)",
        "Tick everyone shown": "Centang semua yang tampil",
        "Untick all": "Hapus semua centang",
        "ticked": "dicentang",
        "Without JavaScript a large unit cannot be sent in one go and nothing you type is kept as a draft. Turn JavaScript on if you can.": "Tanpa JavaScript, unit besar tidak bisa dikirim sekaligus dan isian Anda tidak disimpan sebagai draf. Aktifkan JavaScript bila bisa.",
    }
)
ID.update(
    {
        "%(name)s is an old .xls file or an Excel file protected by a password. Open it in Excel, remove the password if any, save it as .xlsx (or CSV) and upload again.": "%(name)s adalah berkas .xls lama atau berkas Excel yang dilindungi kata sandi. Buka di Excel, hapus kata sandinya bila ada, simpan sebagai .xlsx (atau CSV), lalu unggah lagi.",
    }
)
