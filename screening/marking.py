"""Written-examination marks (no Django): points as typed and shown, agreed section marks,
totals, ranks with ties, outcome.

A section's mark is the agreed mark when there is one; else the first (or only) marker's; when
two markers marked it, their mean, unless they differ by more than the exam's threshold: then
the script is flagged and has no total until a mark is agreed. Ranks are competition ranks
(1, 2, 2, 4) among the present candidates with a total. A candidate passes with a total at or
above the pass mark and, when the exam takes only the top N, a rank of N or better (everyone
tied at the boundary goes on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FIRST, SECOND, AGREED = "first", "second", "agreed"

INVITED, PRESENT, ABSENT, EXCUSED = "invited", "present", "absent", "excused"

# Script statuses, in the order the gate names them.
NOT_RECORDED = "not_recorded"  # attendance not recorded yet
ABSENT_STATUS = "absent"
EXCUSED_STATUS = "excused"
INCOMPLETE = "incomplete"  # a section has no mark
DISCREPANCY = "discrepancy"  # two markers differ by more than the threshold
BELOW_MARK = "below_pass_mark"
RANKING_PENDING = "ranking_pending"  # top N, and other scripts are still being marked
OUTSIDE_TOP_N = "outside_top_n"
PASSED = "passed"

CENT = Decimal("0.01")


def parse_points(raw: object) -> Decimal:
    """A mark as typed: "12", "12.5" or "12,5"; ValueError when it is not a number."""
    text = str(raw).strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def points_text(value: Decimal | int | float | str) -> str:
    """Points as people write them: 12, 12.5, 12.25."""
    value = Decimal(str(value))
    if value == value.to_integral():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value:.2f}".rstrip("0")


@dataclass(frozen=True)
class Section:
    id: int
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class Script:
    """One candidate's sitting: attendance and {section id: {marker role: points}}."""

    key: int
    attendance: str
    marks: Mapping[int, Mapping[str, Decimal]]


@dataclass(frozen=True)
class SectionMark:
    value: Decimal | None
    discrepancy: bool = False
    difference: Decimal | None = None


@dataclass(frozen=True)
class ScriptResult:
    key: int
    attendance: str
    marks: tuple[SectionMark, ...]  # in the order of the sections
    total: Decimal | None
    missing: tuple[str, ...]  # names of sections with no mark
    discrepancies: tuple[str, ...]  # names of sections whose markers disagree
    rank: int | None
    tied: bool
    status: str

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def section_mark(marks: Mapping[str, Decimal], threshold: Decimal) -> SectionMark:
    if marks.get(AGREED) is not None:
        return SectionMark(Decimal(marks[AGREED]))
    given = [Decimal(marks[role]) for role in (FIRST, SECOND) if marks.get(role) is not None]
    if not given:
        return SectionMark(None)
    if len(given) == 1:
        return SectionMark(given[0])
    difference = abs(given[0] - given[1])
    if difference > threshold:
        return SectionMark(None, discrepancy=True, difference=difference)
    mean = ((given[0] + given[1]) / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    return SectionMark(mean, difference=difference)


def competition_ranks(totals: Mapping[int, Decimal]) -> dict[int, tuple[int, bool]]:
    """{key: (rank, tied)}: 1 + the number of strictly higher totals."""
    ordered = sorted(totals.values(), reverse=True)
    first_at: dict[Decimal, int] = {}
    for position, total in enumerate(ordered):
        first_at.setdefault(total, position)
    counts = Counter(ordered)
    return {key: (first_at[total] + 1, counts[total] > 1) for key, total in totals.items()}


def exam_results(
    sections: Sequence[Section],
    scripts: Sequence[Script],
    *,
    pass_mark: Decimal,
    threshold: Decimal,
    top_n: int | None = None,
) -> list[ScriptResult]:
    """The outcome of every script, in the order given."""
    partial: list[
        tuple[Script, tuple[SectionMark, ...], Decimal | None, tuple[str, ...], tuple[str, ...]]
    ] = []
    for script in scripts:
        marks = tuple(section_mark(script.marks.get(s.id, {}), threshold) for s in sections)
        missing = tuple(s.name for s, m in zip(sections, marks, strict=True) if m.value is None)
        disputed = tuple(s.name for s, m in zip(sections, marks, strict=True) if m.discrepancy)
        missing = tuple(name for name in missing if name not in disputed)
        complete = script.attendance == PRESENT and sections and not missing and not disputed
        values = [m.value for m in marks if m.value is not None]
        total = sum(values, Decimal(0)) if complete else None
        partial.append((script, marks, total, missing, disputed))
    totals = {script.key: total for script, _m, total, _x, _d in partial if total is not None}
    ranks = competition_ranks(totals)
    unmarked = sum(
        1 for script, _m, total, _x, _d in partial if script.attendance == PRESENT and total is None
    )
    results = []
    for script, marks, total, missing, disputed in partial:
        rank, tied = ranks.get(script.key, (None, False))
        status = _status(script, total, missing, disputed, rank, pass_mark, top_n, unmarked)
        results.append(
            ScriptResult(
                key=script.key,
                attendance=script.attendance,
                marks=marks,
                total=total,
                missing=missing,
                discrepancies=disputed,
                rank=rank,
                tied=tied,
                status=status,
            )
        )
    return results


def _status(
    script: Script,
    total: Decimal | None,
    missing: tuple[str, ...],
    disputed: tuple[str, ...],
    rank: int | None,
    pass_mark: Decimal,
    top_n: int | None,
    unmarked: int,
) -> str:
    if script.attendance == ABSENT:
        return ABSENT_STATUS
    if script.attendance == EXCUSED:
        return EXCUSED_STATUS
    if script.attendance != PRESENT:
        return NOT_RECORDED
    if disputed:
        return DISCREPANCY
    if missing or total is None:
        return INCOMPLETE
    if total < pass_mark:
        return BELOW_MARK
    if top_n is not None:
        if unmarked:
            return RANKING_PENDING
        if rank is not None and rank > top_n:
            return OUTSIDE_TOP_N
    return PASSED
