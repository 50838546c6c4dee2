"""Indonesian translations for the plausibility gate, held punches and import deciders."""

ID = {
    # the plausibility gate (punches/gate.py)
    "Punch dated %(when)s is before the region's start of records (%(start)s): not counted. If it is real history, ask BKD to import the file as history with a reason; if not, check the machine's date.": "Absensi bertanggal %(when)s lebih awal dari awal pencatatan daerah (%(start)s): tidak dihitung. Jika memang data lama yang benar, minta BKD mengimpor berkasnya sebagai riwayat dengan alasan; jika tidak, periksa tanggal mesin.",
    "Punch dated %(when)s is later than now: not counted. Set the machine's date and time (or the phone's), then send the data again.": "Absensi bertanggal %(when)s lebih lambat dari sekarang: tidak dihitung. Atur tanggal dan jam mesin (atau ponsel), lalu kirim datanya lagi.",
    "start of records": "awal pencatatan",
    "Only a BKD administrator may set the start of records. Ask BKD to change it.": "Hanya administrator BKD yang boleh mengatur awal pencatatan. Minta BKD untuk mengubahnya.",
    "The region is not set up yet. Set up the region first.": "Daerah belum diatur. Atur daerah terlebih dahulu.",
    "Start of records": "Awal pencatatan",
    "Empty: two years before today.": "Kosong: dua tahun sebelum hari ini.",
    "Why it changes": "Alasan perubahan",
    "Saved. Punches dated before this day are quarantined.": "Tersimpan. Absensi bertanggal sebelum hari ini dikarantina.",
    "Punches dated before this day (a machine whose clock was reset to 1970 or 2000, for example) are kept in quarantine and never counted, on every channel. Real history from before it can be imported by BKD as a flashdisk file marked as history, with a reason.": "Absensi bertanggal sebelum hari ini (misalnya dari mesin yang jamnya kembali ke 1970 atau 2000) disimpan di karantina dan tidak pernah dihitung, dari jalur mana pun. Data lama yang benar dari sebelum tanggal ini dapat diimpor BKD sebagai berkas flashdisk bertanda riwayat, dengan alasan.",
    "In force now": "Berlaku sekarang",
    "two years before today": "dua tahun sebelum hari ini",
    # history imports (devices/usb.py, forms, import-attlog)
    "Only BKD or an operator of the machine's unit may save or cancel this file. Ask them to decide it.": "Hanya BKD atau operator unit pemilik mesin yang boleh menyimpan atau membatalkan berkas ini. Minta mereka memutuskannya.",
    "Only BKD may import a file as history (before the start of records). Import it normally, or ask BKD.": "Hanya BKD yang boleh mengimpor berkas sebagai riwayat (sebelum awal pencatatan). Impor seperti biasa, atau minta BKD.",
    "Write why this history is imported (for example: records of the old system).": "Tulis alasan riwayat ini diimpor (misalnya: data dari sistem lama).",
    "Import as history (before the start of records; BKD only)": "Impor sebagai riwayat (sebelum awal pencatatan; hanya BKD)",
    "Why this history is imported": "Alasan riwayat ini diimpor",
    "History import (before the start of records)": "Impor riwayat (sebelum awal pencatatan)",
    # held punches (punches/holds.py, web/punch_views.py)
    "Write the reason for the rejection, then reject again.": "Tulis alasan penolakan, lalu tolak lagi.",
    "Choose at least one held punch, then decide again.": "Pilih minimal satu absensi yang ditahan, lalu putuskan lagi.",
    "You may not decide on some of the chosen punches (another unit, or a machine address Diskominfo must check). Choose only the punches of your units.": "Anda tidak berwenang memutuskan sebagian absensi yang dipilih (unit lain, atau alamat mesin yang harus diperiksa Diskominfo). Pilih hanya absensi unit Anda.",
    "Accepted: %(n)d punches now count.": "Diterima: %(n)d absensi kini dihitung.",
    "Rejected: %(n)d punches stay recorded, not counted.": "Ditolak: %(n)d absensi tetap tercatat, tidak dihitung.",
    "Held punches": "Absensi ditahan",
    "These punches are recorded but do not count yet: they came from a sender outside the employee's units, fall in a month already submitted or locked, or came from a machine address that must be checked. Accept the ones that are right; reject the others with a reason (they stay recorded, never counted).": "Absensi ini tercatat tetapi belum dihitung: dikirim oleh pihak di luar unit pegawai, jatuh pada bulan yang sudah dikirim atau dikunci, atau berasal dari alamat mesin yang harus diperiksa. Terima yang benar; tolak yang lain dengan alasan (tetap tercatat, tidak pernah dihitung).",
    "Waiting for a decision: %(n)s": "Menunggu keputusan: %(n)s",
    "received": "diterima",
    "Accept the chosen punches": "Terima absensi yang dipilih",
    "Reason for rejecting": "Alasan penolakan",
    "Reject the chosen punches": "Tolak absensi yang dipilih",
    "held punches wait for your decision": "absensi ditahan menunggu keputusan Anda",
    "%(h)s held for a decision (another unit's staff, or a closed month)": "%(h)s ditahan menunggu keputusan (pegawai unit lain, atau bulan yang sudah ditutup)",
    # import deciders (imports/services.py)
    "Only BKD, or an operator of every unit this file changes, may save or cancel it. Ask BKD to decide it.": "Hanya BKD, atau operator dari semua unit yang diubah berkas ini, yang boleh menyimpan atau membatalkannya. Minta BKD memutuskannya.",
}
