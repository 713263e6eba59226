# ruff: noqa: E501 - OOXML fragments are easier to check against the spec when not split mid-tag.
"""A minimal streaming .xlsx writer: text/number cells, three cell styles, cell comments.

openpyxl spends ~20 µs per cell and keeps every comment object until it saves, which made report.xlsx
the slowest step on a 366k-row file. This writer streams each sheet's XML straight into the zip (about
1 µs per cell) and writes comments from a list of (cell, text), so memory is bounded by the comments.
It writes only what report.xlsx needs; files open in Excel, LibreOffice and openpyxl.
"""

import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from sotay.pipeline.formulas import neutralise

PLAIN, RED, YELLOW, BOLD = 0, 1, 2, 3  # style ids (cellXfs order in STYLES)
# Characters XML 1.0 forbids; the escapes read the same in Python's re and in Polars' (Rust) regex.
ILLEGAL_XML_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_ILLEGAL = re.compile(ILLEGAL_XML_CHARS)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLES = (
    _HEAD + f"<styleSheet {_NS}>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)

_BATCH = 5_000  # rows or comments per write
Cell = str | int | float | None
StyledCell = tuple[Cell, int]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def _cell_text(value: str) -> str:
    """A text cell: as `_text`, and text that Excel would run as a formula (once the cell is edited)
    starts with `'` (formulas.py) — checked after illegal characters are dropped, as report_xlsx does."""
    return escape(neutralise(_ILLEGAL.sub("", value)))


def _cell(ref: str, value: Cell, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_cell_text(str(value))}</t></is></c>'


def _rows_xml(rows: Iterable[list[StyledCell]]) -> Iterator[str]:
    """`<row>` XML for rows of styled cells, numbered from 1, `_BATCH` rows a chunk (one zip write each:
    zipfile's write costs ~7 µs a call)."""
    letters: list[str] = []
    parts: list[str] = []
    for r, row in enumerate(rows, start=1):
        while len(letters) < len(row):
            letters.append(column_letter(len(letters)))
        cells = "".join(_cell(f"{letters[c]}{r}", v, s) for c, (v, s) in enumerate(row))
        parts.append(f'<row r="{r}">{cells}</row>')
        if len(parts) >= _BATCH:
            yield "".join(parts)
            parts.clear()
    if parts:
        yield "".join(parts)


class XlsxWriter:
    """Write sheets one after the other, then `close()`.

    >>> w = XlsxWriter(Path("/tmp/x.xlsx"))  # doctest: +SKIP
    >>> w.sheet("Data", [[("a", BOLD)], [(1, RED)]], comments=[("A2", "why")]); w.close()  # doctest: +SKIP
    """

    def __init__(self, path: Path) -> None:
        self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[tuple[str, bool]] = []  # (name, has comments)

    def sheet(
        self, name: str, rows: Iterable[list[StyledCell]], comments: list[tuple[str, str]] | None = None
    ) -> None:
        """Stream one sheet; `comments` is filled while `rows` is consumed (it may be appended to lazily)."""
        self._write_sheet(name, _rows_xml(rows), comments)

    def sheet_xml(
        self, name: str, header: list[StyledCell], rows: Iterable[str], comments: list[tuple[str, str]]
    ) -> None:
        """Stream one sheet whose data rows come ready-made: `<row r="2">…</row>` XML, in chunks.

        For large sheets built column by column (report.xlsx renders its rows with Polars); the header
        row and the comments are written as in `sheet`.
        """
        self._write_sheet(name, itertools.chain(_rows_xml([header]), rows), comments)

    def _write_sheet(self, name: str, chunks: Iterable[str], comments: list[tuple[str, str]] | None) -> None:
        """Write the sheet's XML around `chunks`; `comments` is read only once they are all written."""
        n = len(self.sheets) + 1
        with self.zf.open(f"xl/worksheets/sheet{n}.xml", "w") as fh:
            fh.write(f'{_HEAD}<worksheet {_NS} xmlns:r="{_REL}"><sheetData>'.encode())
            for chunk in chunks:
                fh.write(chunk.encode())
            tail = '<legacyDrawing r:id="rId2"/>' if comments else ""
            fh.write(f"</sheetData>{tail}</worksheet>".encode())
        if comments:
            self._comments(n, comments)
        self.sheets.append((name, bool(comments)))

    def _comments(self, n: int, comments: list[tuple[str, str]]) -> None:
        with self.zf.open(f"xl/comments{n}.xml", "w") as fh:
            fh.write(
                f"{_HEAD}<comments {_NS}><authors><author>sotay check</author></authors><commentList>".encode()
            )
            for start in range(0, len(comments), _BATCH):
                fh.write(
                    "".join(
                        f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{_text(text)}</t></text></comment>'
                        for ref, text in comments[start : start + _BATCH]
                    ).encode()
                )
            fh.write(b"</commentList></comments>")
        # Excel shows comments only with a legacy VML shape per note.
        with self.zf.open(f"xl/drawings/vmlDrawing{n}.vml", "w") as fh:
            fh.write(
                b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                b'xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
                b'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
                b'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            )
            shapes: list[str] = []
            for i, (ref, _) in enumerate(comments):
                col_letters = ref.rstrip("0123456789")
                row = int(ref[len(col_letters) :]) - 1
                col = sum((ord(ch) - 64) * 26**p for p, ch in enumerate(reversed(col_letters))) - 1
                shapes.append(
                    f'<v:shape id="_x0000_s{1025 + i}" type="#_x0000_t202" style="position:absolute;width:240pt;'
                    f'height:80pt;visibility:hidden" fillcolor="#ffffe1"><v:textbox/><x:ClientData ObjectType="Note">'
                    f"<x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>"
                    f"<x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
                )
                if len(shapes) >= _BATCH:
                    fh.write("".join(shapes).encode())
                    shapes.clear()
            fh.write("".join(shapes).encode())
            fh.write(b"</xml>")
        self.zf.writestr(
            f"xl/worksheets/_rels/sheet{n}.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/comments" Target="../comments{n}.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/vmlDrawing" Target="../drawings/vmlDrawing{n}.vml"/>'
            "</Relationships>",
        )

    def close(self) -> None:
        """Write the workbook parts and close the file."""
        sheets = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(self.sheets, 1)
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self.sheets) + 1)
        )
        n = len(self.sheets)
        self.zf.writestr(
            "xl/workbook.xml", f'{_HEAD}<workbook {_NS} xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'
        )
        self.zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        )
        self.zf.writestr("xl/styles.xml", STYLES)
        self.zf.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
            + (
                f'<Override PartName="/xl/comments{i}.xml" ContentType="{_CT}.spreadsheetml.comments+xml"/>'
                if c
                else ""
            )
            for i, (_, c) in enumerate(self.sheets, 1)
        )
        self.zf.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Default Extension="vml" ContentType="{_CT}.vmlDrawing"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zf.close()
