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
