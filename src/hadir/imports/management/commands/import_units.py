from hadir.imports.cli import ImportCommand
from hadir.imports.models import ImportKind


class Command(ImportCommand):
    help = "Import units from CSV/XLSX (kode,nama,jenis,induk_kode,lat,lon,radius_m)."
    kind = ImportKind.UNITS
