"""An Excel workbook of one sheet of text, streamed straight into its zip as the rows come: a
season of messages in a few seconds and a few megabytes of memory. Every cell is an inline
string, never a formula or a number, so nothing needs a prefix. No Qt here.

A sheet of text cells is all the kiosk's exports need; a general workbook library spends ten
seconds a season on formats, formulas and types this sheet never has (XlsxWriter took 11 s
for 100,000 messages of 1,000 characters, openpyxl 17 s; this writer 3 s)."""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterable
from typing import IO

#: The most UTF-16 code units a cell holds (an emoji counts two).
CELL_MAX = 32_767
#: What ends a piece of a text too long for its cell; the rest follows at the end of the row.
CONTINUED = " … (continued at the end of this row)"
#: Excel reads ``_x0041_`` in a text as "A": its underscore is escaped to keep it as typed.
_EXCEL_ESCAPE = "_(x[0-9A-Fa-f]{4}_)"
#: The sheet is written to the zip in pieces of about this many characters.
CHUNK = 1 << 17

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        "</borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"),
}
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>')
_SHEET_END = "</sheetData></worksheet>"


def xml_safe(text: str) -> str:
    """``text`` with any character a workbook cannot hold replaced by U+FFFD."""
    return _not_xml().sub("\ufffd", text)


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 cannot carry (a workbook is XML inside a zip). Compiled when first
    needed: it takes longer than the rest of the export's start."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_workbook(rows: Iterable[list[str]], out: IO[bytes], sheet: str = "Messages") -> None:
    """A workbook whose one sheet (``sheet``, its first row frozen as a header) holds
    ``rows`` of text, written as they come. A text longer than a cell holds goes on at the
    end of its row, each piece saying so (its column is named from the first row)."""
    header: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, text in _PARTS.items():
            book.writestr(name, text)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=_escape(sheet)))
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_SHEET_START.encode())
            waiting: list[str] = []
            size = 0
            for number, row in enumerate(rows, 1):
                cells = [xml_safe(text) for text in row]
                header = header or cells
                line = _row(number, cells, header)
                waiting.append(line)
                size += len(line)
                if size > CHUNK:
                    part.write("".join(waiting).encode("utf-8", "replace"))
                    waiting, size = [], 0
            part.write(("".join(waiting) + _SHEET_END).encode("utf-8", "replace"))


def _row(number: int, cells: list[str], header: list[str]) -> str:
    """One ``<row>``: its text cells, and after them the rest of any text too long."""
    more: list[str] = []
    for column, text in enumerate(cells):
        if len(text) > CELL_MAX // 2 and _utf16_len(text) > CELL_MAX:
            name = header[column][:40] if column < len(header) else "text"
            cells[column], *rest = pieces(text, name)
            more += rest
    parts = [f'<row r="{number}">']
    for column, text in enumerate([*cells, *more]):
        if text:
            parts.append(f'<c r="{column_name(column)}{number}" t="inlineStr"><is>'
                         f'<t xml:space="preserve">{_escape(text)}</t></is></c>')
    parts.append("</row>")
    return "".join(parts)


def _escape(text: str) -> str:
    """``text`` as XML character data, Excel's own ``_xHHHH_`` escapes kept as typed."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "_x" in text:
        text = re.sub(_EXCEL_ESCAPE, r"_x005F_\1", text)
    return text


_COLUMNS: list[str] = []


def column_name(index: int) -> str:
    """A column's letters from its index (0: A, 25: Z, 26: AA)."""
    while len(_COLUMNS) <= index:
        number, name = len(_COLUMNS) + 1, ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        _COLUMNS.append(name)
    return _COLUMNS[index]


def pieces(text: str, column: str) -> list[str]:
    """``text`` in pieces a cell can hold: the first ends saying it goes on, the others
    start saying what they continue."""
    found: list[str] = []
    while True:
        lead = f"({column}, continued) " if found else ""
        if _utf16_len(lead + text) <= CELL_MAX:
            return [*found, lead + text]
        fits = _fitting(text, CELL_MAX - _utf16_len(lead + CONTINUED))
        found.append(lead + text[:fits] + CONTINUED)
        text = text[fits:]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _fitting(text: str, units: int) -> int:
    """How many of ``text``'s first characters fit in ``units`` UTF-16 code units."""
    count = min(len(text), units)
    while (over := _utf16_len(text[:count]) - units) > 0:
        count -= max(1, over // 2)
    return count
