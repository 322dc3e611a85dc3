"""The one CSV writer of every export: cells a spreadsheet would run as formulas are defused."""

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

# OWASP's list: a cell starting with one of these is a formula (or becomes one) in Excel,
# LibreOffice and Google Sheets (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`, `-2+3`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would evaluate, quoted with a leading apostrophe (shown,
    not evaluated); numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVWriter:
    """`csv.writer` with every cell passed through `spreadsheet_safe`."""

    def __init__(self, stream: Any) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Sequence[Any]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_download(filename: str) -> tuple[HttpResponse, SafeCSVWriter]:
    """An empty CSV download (UTF-8) and the writer that fills it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)[:120] or "export.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response, SafeCSVWriter(response)


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A CSV download of a header and its rows."""
    response, writer = csv_download(filename)
    writer.writerow(header)
    writer.writerows(rows)
    return response
