"""Marks imported from a CSV file: every row checked first, then all of them saved or none."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ats.actors import Actor, require_hr
from ats.errors import InvalidInput
from screening import marks_csv, selectors
from screening.models import Exam, ExamSection, Sitting
from screening.services.marks import MarksReport, ScoreEntry, entry_errors, marks_save


@dataclass
class ImportReport:
    ok: bool
    rows: int = 0
    errors: list[tuple[int, str, list[str]]] = field(default_factory=list)  # line, number, msgs
    file_errors: list[str] = field(default_factory=list)
    marks: MarksReport | None = None


def _row_entries(
    row: marks_csv.Row, sitting: Sitting | None, sections: list[ExamSection]
) -> tuple[list[ScoreEntry], list[str]]:
    """The row's marks as entries, and every problem of the row (the file's own first, then
    each cell's in the order of the columns)."""
    entries: list[ScoreEntry] = []
    problems = list(row.problems)
    for cell in row.cells:
        if cell.problem is not None:
            problems.append(cell.problem)
        elif sitting is not None and row.known:
            entry = ScoreEntry(sitting, sections[cell.section], row.marker, cell.points)
            problems.extend(entry_errors(entry))
            entries.append(entry)
    return entries, list(dict.fromkeys(problems))


def scores_import_csv(*, exam: Exam, actor: Actor, data: bytes | str) -> ImportReport:
    """Import marks from a CSV (the format: `screening.marks_csv`). Every row is checked first;
    when any row is wrong nothing is imported and the report names each bad row. An empty cell
    leaves that mark as it is; importing the same file again changes nothing."""
    require_hr(actor, _("import examination marks"))
    sections = selectors.exam_sections(exam)
    sittings = {s.candidate_number: s for s in Sitting.objects.filter(exam=exam)}
    read = marks_csv.read(data, sections=[s.name for s in sections], candidates=set(sittings))
    if read.file_errors:
        return ImportReport(ok=False, file_errors=read.file_errors)
    report = ImportReport(ok=True, rows=len(read.rows))
    entries: list[ScoreEntry] = []
    for row in read.rows:
        row_entries, problems = _row_entries(row, sittings.get(row.number), sections)
        if problems:
            report.ok = False
            report.errors.append((row.line, row.number, problems))
        entries.extend(row_entries)
    if not report.ok:
        return report
    try:
        report.marks = marks_save(exam=exam, actor=actor, entries=entries)
    except InvalidInput as exc:
        report.ok = False
        report.errors = [(0, number, messages) for number, messages in exc.errors.items()]
    return report
