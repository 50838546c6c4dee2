"""Small XLSX files built in the test: a real workbook, and hostile ones made from it."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

EMPLOYEE_HEADER = ["nip", "nama", "unit_kode", "jenis", "jabatan", "pin", "jadwal"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML passed through ``change``."""
    return rewrite_part(content, SHEET, lambda data: change(data.decode()).encode())


def rewrite_part(content: bytes, part: str, change) -> bytes:
    """The same workbook with the bytes of ``part`` passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == part:
                data = change(data)
            target.writestr(entry.filename, data)
    return out.getvalue()


def dimension_bomb(*, far_cell: str | None = None) -> bytes:
    """A few KB whose sheet declares 1,048,576 rows by 16,384 columns (A1:XFD1048576); with
    ``far_cell`` (e.g. ``XFD1048576``) one real value sits there too."""
    plain = workbook_bytes([EMPLOYEE_HEADER, ["1986", "Budi", "DINKES", "PNS", "Staf", 1, "5HK"]])

    def change(xml: str) -> str:
        start = xml.index("<dimension ref=")
        end = xml.index("/>", start) + 2
        xml = xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[end:]
        if far_cell:
            row = "".join(ch for ch in far_cell if ch.isdigit())
            cell = f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t></is></c></row>'
            xml = xml.replace("</sheetData>", cell + "</sheetData>")
        return xml

    return rewrite_sheet(plain, change)


def lying_deflate_bomb(padding_mb: int, claimed: int = 2000) -> bytes:
    """A deflate bomb whose zip headers claim the sheet unpacks to ``claimed`` bytes."""
    data = bytearray(deflate_bomb(padding_mb, zip64=False))
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        name = bytes(data[central + 46 : central + 46 + name_length])
        if name == SHEET.encode():
            data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
            local = int.from_bytes(data[central + 42 : central + 46], "little")
            data[local + 22 : local + 26] = claimed.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def deflate_bomb(padding_mb: int, *, zip64: bool = True) -> bytes:
    """A workbook whose sheet XML carries ``padding_mb`` MB of blanks: a tiny file that
    unpacks to hundreds of megabytes (deflate packs repeated bytes about 1000:1)."""
    plain = workbook_bytes([EMPLOYEE_HEADER])
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    blank = b" " * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename != SHEET:
                target.writestr(entry.filename, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with target.open(SHEET, "w", force_zip64=zip64) as sheet:
                sheet.write(head + b"<sheetData>")
                for _ in range(padding_mb):
                    sheet.write(blank)
                sheet.write(tail)
    return out.getvalue()


# Nine levels of ten: "&lol9;" expands to a thousand million "lol"s (the billion laughs).
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{n} "{("&lol;" if n == 1 else f"&lol{n - 1};") * 10}">' for n in range(1, 10)
)
DOCTYPES = {
    "external-file": ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    "billion-laughs": (f"<!DOCTYPE x [{LAUGHS}]>", "&lol9;"),
}


def entity_workbook(part: str, kind: str, *, encoding: str = "utf-8") -> bytes:
    """The employee workbook whose ``part`` (the sheet or ``xl/workbook.xml``) declares the
    entities of ``DOCTYPES[kind]`` and uses one (the name cell, or the sheet's name), written
    in ``encoding``."""
    plain = workbook_bytes([EMPLOYEE_HEADER, ["1986", "Budi", "DINKES", "PNS", "Staf", 1, "5HK"]])
    doctype, reference = DOCTYPES[kind]

    def change(xml: str) -> str:
        if xml.startswith("<?xml"):
            end = xml.index("?>") + 2
            xml = xml[:end] + doctype + xml[end:]
        else:
            xml = doctype + xml
        return xml.replace("<t>Budi</t>", f"<t>{reference}</t>").replace(
            'name="Sheet"', f'name="{reference}"'
        )

    def encoded(data: bytes) -> bytes:
        xml = change(data.decode()).replace('encoding="UTF-8"', f'encoding="{encoding}"')
        return xml.encode(encoding)

    return rewrite_part(plain, part, encoded)
