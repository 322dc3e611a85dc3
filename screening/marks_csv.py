"""The CSV file of exam marks (no database): its size limit, decoding, and every row checked.

The first line names the columns: `candidate_number`, optionally `marker` (first, second or
agreed; "first" when the column is absent or the cell empty), and one column per section named
as the section (any case). Commas, semicolons or tabs separate the cells; lines end in LF, CRLF
or a bare CR; the file is UTF-8 (with or without a byte-order mark), UTF-16 with its byte-order
mark, or else Windows-1252. A file that is not text (a NUL byte, a line the CSV reader cannot
read) is a file error naming the line. A decimal comma is read as a
point. An empty cell says nothing about that mark. What this module cannot know (whether a mark
fits the section's maximum, whether the candidate was absent) the service checks on the rows it
returns. The only Django here is the translation of the messages.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from screening import marking

MAX_BYTES = 2 * 1024 * 1024
NUMBER_COLUMN = "candidate_number"
MARKER_COLUMN = "marker"
MARKERS = (marking.FIRST, marking.SECOND, marking.AGREED)
_SNIFF_CHARS = 4096


def size_refusal(size: int) -> str | None:
    """Why a file of `size` bytes is refused before it is read (None: it may be read)."""
    return _("The file is larger than 2 MB.") if size > MAX_BYTES else None


def not_a_number(section: str, raw: str) -> str:
    """The message for a mark that does not read as a number (the marks grid says it too)."""
    return _("%(section)s: “%(value)s” is not a number") % {"section": section, "value": raw}


def decode(data: bytes | str) -> str:
    """The file's text: UTF-8, or UTF-16 when it starts with its byte-order mark, else
    Windows-1252 (any even number of bytes "decodes" as UTF-16, so without the mark it is no
    sign of UTF-16)."""
    if isinstance(data, str):
        return data
    encodings = ["utf-8-sig"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings.insert(0, "utf-16")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


class NotText(ValueError):
    """The file is not a CSV text file; the message names the line."""


def _not_text(text: str, at: int) -> NotText:
    line = len((text[:at] + "x").splitlines())  # the line the character at `at` is on
    return NotText(
        _("Line %(line)d is not text (it contains a NUL byte): is this a CSV file?")
        % {"line": line}
    )


@dataclass(frozen=True)
class Cell:
    """One non-empty mark cell: the section (its index in the exam's order) and the points, or
    the problem when the cell is not a number."""

    section: int
    points: Decimal | None
    problem: str | None = None


@dataclass
class Row:
    """One line of marks: the candidate, the marker, and the problems found on the line itself
    (`cells` carry their own)."""

    line: int
    number: str
    marker: str
    known: bool  # the candidate number and the marker both exist
    cells: list[Cell] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class MarksFile:
    """What was read: file errors (nothing else counts then) or the rows of marks."""

    file_errors: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class _Header:
    names: list[str]  # as written, stripped
    number_at: int
    marker_at: int | None
    columns: list[tuple[int, int]]  # (cell index, section index)


def read(data: bytes | str, *, sections: Sequence[str], candidates: Collection[str]) -> MarksFile:
    """Every row of the file checked against the exam's section names and candidate numbers.

    Rows without any cell are skipped; a file without rows of marks is a file error.
    """
    refusal = size_refusal(len(data))
    if refusal is not None:
        return MarksFile(file_errors=[refusal])
    try:
        lines = _table(decode(data))
    except NotText as exc:
        return MarksFile(file_errors=[str(exc)])
    if not lines or not any(cell.strip() for cell in lines[0]):
        return MarksFile(file_errors=[_("The file is empty.")])
    header = _header([cell.strip() for cell in lines[0]], sections)
    if isinstance(header, list):
        return MarksFile(file_errors=header)
    result = MarksFile()
    first_line: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(lines[1:], start=2):
        if any(cell.strip() for cell in cells):
            result.rows.append(_row(line, cells, header, sections, candidates, first_line))
    if not result.rows:
        return MarksFile(file_errors=[_("The file has no rows of marks.")])
    return result


def _table(text: str) -> list[list[str]]:
    """The cells of each line; `NotText` for a file the CSV reader cannot read."""
    if "\x00" in text:
        raise _not_text(text, text.index("\x00"))
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": the reader itself splits lines, on LF, CRLF and a bare CR alike.
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return list(reader)
    except csv.Error as exc:
        raise NotText(
            _("Line %(line)d cannot be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


def _header(names: list[str], sections: Sequence[str]) -> _Header | list[str]:
    """The columns found, or the file errors of a header this exam cannot read."""
    keys = [name.casefold() for name in names]
    by_name = {name.casefold(): index for index, name in enumerate(sections)}
    errors = []
    if NUMBER_COLUMN not in keys:
        errors.append(_("The first line needs a “candidate_number” column."))
    columns: list[tuple[int, int]] = []
    for at, key in enumerate(keys):
        if key in (NUMBER_COLUMN, MARKER_COLUMN, ""):
            continue
        section = by_name.get(key)
        if section is None:
            errors.append(
                _("“%(column)s” is not a section of this exam (sections: %(names)s).")
                % {"column": names[at], "names": ", ".join(sections)}
            )
        else:
            columns.append((at, section))
    if not columns and not errors:
        errors.append(_("No column names a section of this exam."))
    if errors:
        return errors
    marker_at = keys.index(MARKER_COLUMN) if MARKER_COLUMN in keys else None
    return _Header(names, keys.index(NUMBER_COLUMN), marker_at, columns)


def _row(
    line: int,
    cells: list[str],
    header: _Header,
    sections: Sequence[str],
    candidates: Collection[str],
    first_line: dict[tuple[str, str], int],
) -> Row:
    """One line read; `first_line` remembers where each (candidate, marker) was first seen."""
    padded = [*cells, *[""] * (len(header.names) - len(cells))]
    number = padded[header.number_at].strip()
    marker = padded[header.marker_at].strip().lower() if header.marker_at is not None else ""
    marker = marker or marking.FIRST
    row = Row(line, number, marker, known=number in candidates and marker in MARKERS)
    if len(cells) > len(header.names):
        row.problems.append(_("more cells than columns"))
    if number not in candidates:
        row.problems.append(
            _("unknown candidate number “%(number)s”") % {"number": number}
            if number
            else _("no candidate number")
        )
    if marker not in MARKERS:
        row.problems.append(_("“%(m)s” is not a marker (first, second or agreed)") % {"m": marker})
    if (number, marker) in first_line:
        row.problems.append(
            _("candidate %(number)s (%(marker)s marker) is also on line %(line)d")
            % {"number": number, "marker": marker, "line": first_line[(number, marker)]}
        )
    first_line.setdefault((number, marker), line)
    for at, section in header.columns:
        raw = padded[at].strip()
        if not raw:
            continue
        try:
            row.cells.append(Cell(section, marking.parse_points(raw)))
        except ValueError:
            row.cells.append(Cell(section, None, not_a_number(sections[section], raw)))
    return row


def template(
    sections: Sequence[str], rows: Iterable[tuple[str, str, Sequence[Decimal | None]]]
) -> list[list[str]]:
    """The import format filled in: a header, then (candidate number, marker, points per
    section; None leaves the cell empty) per row."""
    table = [[NUMBER_COLUMN, MARKER_COLUMN, *sections]]
    for number, marker, marks in rows:
        table.append(
            [number, marker, *["" if m is None else marking.points_text(m) for m in marks]]
        )
    return table
