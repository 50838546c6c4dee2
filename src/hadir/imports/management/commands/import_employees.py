from hadir.imports.cli import ImportCommand
from hadir.imports.models import ImportKind


class Command(ImportCommand):
    help = "Import employees from CSV/XLSX (nip,nama,unit_kode,jenis,jabatan,pin,jadwal)."
    kind = ImportKind.EMPLOYEES
