"""Indonesian translations for the LAN agent on the server (agent tokens, agent API, pages)."""

ID = {
    "The machine %(sn)s belongs to another unit (%(unit)s); this agent may only send data of machines of %(own)s.": "Mesin %(sn)s milik unit lain (%(unit)s); agen ini hanya boleh mengirim data mesin %(own)s.",
    "Record %(index)s: the time must look like 2026-03-02 07:31:05.": "Catatan ke-%(index)s: waktu harus berbentuk 2026-03-02 07:31:05.",
    "Read by": "Dibaca oleh",
    "read by the agent %(name)s, last report %(ago)s ago": "dibaca oleh agen %(name)s, terakhir lapor %(ago)s yang lalu",
    "The agent cannot reach the machine.": "Agen tidak bisa menghubungi mesin.",
    "%(n)s punches wait on the agent for the server, since %(since)s": "%(n)s absensi menunggu di agen untuk dikirim ke server, sejak %(since)s",
}
