"""Indonesian date formats for every page (``FORMAT_MODULE_PATH``): Django's own give
"4 Des. 2026, 7.12"; people here write "4 Desember 2026" and "07:12".

Only the shown formats change: the input formats stay Django's (forms with a date picker
send ISO dates anyway)."""

from django.conf.locale.id.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
