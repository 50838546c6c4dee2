"""Indonesian translations for the tamper-evident audit trail and ledger (audit page)."""

ID = {
    "Audit trail": "Jejak audit",
    "Every change recorded, newest first. Each event is a link of a hash chain: `hadir audit verify` shows whether any was edited or deleted afterwards.": "Setiap perubahan yang tercatat, terbaru di atas. Setiap kejadian adalah mata rantai hash: `hadir audit verify` menunjukkan apakah ada yang diubah atau dihapus sesudahnya.",
    "Until": "Sampai",
    "Action": "Tindakan",
    "Target type": "Jenis sasaran",
    "Target id": "Id sasaran",
    "All": "Semua",
    "Show": "Tampilkan",
    "Clear": "Kosongkan",
    "By": "Oleh",
    "Events found: %(n)s": "Kejadian ditemukan: %(n)s",
    "No events match these filters.": "Tidak ada kejadian yang cocok dengan saringan ini.",
    "newer": "lebih baru",
    "older": "lebih lama",
    "The end date is before the start date; swap them and search again.": "Tanggal akhir sebelum tanggal awal; tukar keduanya lalu cari lagi.",
}
