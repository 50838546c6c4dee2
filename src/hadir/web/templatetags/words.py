"""Template filters that write values for people (``hadir.words``); a builtin library, so
every template has them without ``{% load %}``:

- ``{{ metres|distance }}`` -> "618 km", "1,2 km", "350 m";
- ``{{ user|person }}`` -> the person's name, not the account's username;
- ``{{ day|day_short }}`` -> "Jum, 4 Des";
- ``{{ punch.local_time|local_moment }}`` -> "4 Desember 2026 16:28:11";
- ``{{ row.employee_type|employee_type }}`` -> "Non-ASN" (a code read with ``values()``);
- ``{{ amount|rupiah }}`` -> "Rp 4.250.000" (empty for None).
"""

from __future__ import annotations

from django import template

from hadir import words
from hadir.exports.text import format_rupiah

register = template.Library()

register.filter("distance", words.distance)
register.filter("person", words.person)
register.filter("day_short", words.day_short)
register.filter("local_moment", words.local_moment)
register.filter("employee_type", words.employee_type)
register.filter("rupiah", format_rupiah)
