"""Data for deploy/ci-smoke.sh, loaded through Hadir's services (`hadir shell < this`):
one unit, five employees, an approved machine, a BKD account and its API token (printed)."""

from datetime import date

from hadir.accounts.models import Role
from hadir.accounts.services import role_grant, user_create
from hadir.accounts.tokens import api_token_create
from hadir.devices.models import Device
from hadir.org.services import region_configure, unit_create
from hadir.people.services import employee_create

region_configure(name="Kabupaten Uji", timezone="Asia/Jakarta")
unit = unit_create(code="DINKES", name="Dinas Kesehatan", kind="dinas", parent=None)
for n in range(5):
    employee_create(
        unit=unit,
        start=date(2025, 1, 1),
        nip=f"19800101200501{n + 1001:04d}",
        name=f"Pegawai Uji {n}",
        employee_type="PNS",
        pin=str(1001 + n),
    )
Device.objects.create(sn="SMOKE0001", name="Mesin Dinkes", unit=unit, state="active")
user = user_create(username="bkd-smoke", password="smoke-Password-2026")  # noqa: S106
role_grant(user=user, role=Role.BKD_ADMIN)
print(api_token_create(user=user, name="smoke", expires_at=None).plaintext)
