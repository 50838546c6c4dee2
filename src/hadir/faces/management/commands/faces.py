"""``hadir faces reseal``: after a SECRET_KEY change, seal the face references again under the
new key (docs/faces.md, "Changing the secret key")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hadir.faces.reseal import face_references_reseal


class Command(BaseCommand):
    help = "Face references: 'reseal' moves sealed embeddings to the current SECRET_KEY."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["reseal"])

    def handle(self, *args: Any, **options: Any) -> None:
        counts = face_references_reseal()
        self.stdout.write(
            f"Disegel ulang dengan kunci baru: {counts.resealed}; "
            f"sudah dengan kunci baru: {counts.already_current}; "
            f"tidak terbuka dengan kunci mana pun: {counts.unreadable}."
        )
        if counts.unreadable:
            self.stdout.write(
                "Rujukan wajah yang tidak terbuka perlu didaftarkan ulang dari fotonya "
                "(halaman Wajah pegawai), atau tambahkan kunci lamanya ke "
                "HADIR_SECRET_KEY_FALLBACKS lalu jalankan perintah ini lagi."
            )
        elif counts.resealed:
            self.stdout.write(
                "Semua rujukan wajah kini memakai kunci baru; kunci lama boleh dihapus dari "
                "HADIR_SECRET_KEY_FALLBACKS setelah sesi login lama tidak diperlukan lagi."
            )
