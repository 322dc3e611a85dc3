"""Exam mark aggregation without a database: agreed marks, discrepancies, totals, ties, top N."""

from decimal import Decimal as D

import pytest

from screening import marking
from screening.marking import Script, Section

A, B = Section(1, "Section A", D(40)), Section(2, "Section B", D(60))


def script(key, attendance="present", **marks) -> Script:
    """marks: a=(first, second, agreed) tuples or a single first mark."""
    table = {}
    for name, value in marks.items():
        section = {"a": 1, "b": 2}[name]
        values = value if isinstance(value, tuple) else (value,)
        roles = dict(zip(("first", "second", "agreed"), values, strict=False))
        table[section] = {r: D(str(v)) for r, v in roles.items() if v is not None}
    return Script(key, attendance, table)


def results(*scripts, pass_mark=60, top_n=None, threshold=5):
    return marking.exam_results(
        [A, B], list(scripts), pass_mark=D(pass_mark), threshold=D(threshold), top_n=top_n
    )


@pytest.mark.parametrize(
    ("marks", "value", "discrepancy"),
    [
        ({"first": D(30)}, D(30), False),
        ({"first": D(30), "second": D(34)}, D(32), False),
        ({"first": D(30), "second": D(35)}, D("32.50"), False),
        ({"first": D(30), "second": D("35.5")}, None, True),
        ({"first": D(30), "second": D(40), "agreed": D(36)}, D(36), False),
        ({}, None, False),
    ],
)
def test_section_mark(marks, value, discrepancy):
    mark = marking.section_mark(marks, D(5))
    assert (mark.value, mark.discrepancy) == (value, discrepancy)


def test_total_and_pass():
    (result,) = results(script(1, a=30, b=35))
    assert (result.total, result.status, result.passed) == (D(65), marking.PASSED, True)


def test_below_the_pass_mark():
    (result,) = results(script(1, a=20, b=34))
    assert (result.total, result.status) == (D(54), marking.BELOW_MARK)


def test_at_the_pass_mark_passes():
    assert results(script(1, a=20, b=40))[0].passed


def test_absent_and_excused_have_no_total():
    absent, excused = results(script(1, "absent"), script(2, "excused"))
    assert (absent.status, absent.total, absent.rank) == (marking.ABSENT_STATUS, None, None)
    assert excused.status == marking.EXCUSED_STATUS


def test_attendance_not_recorded():
    assert results(script(1, "invited"))[0].status == marking.NOT_RECORDED


def test_missing_section_is_incomplete_and_named():
    (result,) = results(script(1, a=30))
    assert (result.status, result.missing) == (marking.INCOMPLETE, ("Section B",))


def test_markers_disagreeing_flag_the_section():
    (result,) = results(script(1, a=30, b=(40, 50)))
    assert (result.status, result.discrepancies, result.total) == (
        marking.DISCREPANCY,
        ("Section B",),
        None,
    )


def test_ranks_with_ties():
    rows = results(
        script(1, a=30, b=40), script(2, a=30, b=35), script(3, a=35, b=30), script(4, a=10, b=10)
    )
    assert [(r.rank, r.tied) for r in rows] == [(1, False), (2, True), (2, True), (4, False)]


def test_top_n_keeps_ties_at_the_boundary():
    rows = results(script(1, a=30, b=40), script(2, a=30, b=35), script(3, a=35, b=30), top_n=2)
    assert [r.status for r in rows] == [marking.PASSED] * 3


def test_outside_top_n():
    rows = results(script(1, a=30, b=40), script(2, a=30, b=35), script(3, a=20, b=40), top_n=2)
    assert [r.status for r in rows] == [marking.PASSED, marking.PASSED, marking.OUTSIDE_TOP_N]


def test_top_n_waits_for_every_present_script():
    rows = results(script(1, a=30, b=40), script(2, a=30), top_n=1)
    assert rows[0].status == marking.RANKING_PENDING


def test_below_the_pass_mark_is_named_before_the_ranking():
    rows = results(script(1, a=38, b=58), script(2, a=10, b=10), top_n=5)
    assert rows[1].status == marking.BELOW_MARK


@pytest.mark.parametrize(
    ("typed", "points"), [("12", D("12")), (" 12.5 ", D("12.5")), ("12,25", D("12.25"))]
)
def test_points_as_typed(typed, points):
    assert marking.parse_points(typed) == points


@pytest.mark.parametrize("typed", ["twelve", "", "NaN", "Infinity", "1,2,3"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        marking.parse_points(typed)


@pytest.mark.parametrize(
    ("points", "text"), [(D("12.00"), "12"), (D("12.50"), "12.5"), (D("12.25"), "12.25"), (3, "3")]
)
def test_points_as_people_write_them(points, text):
    assert marking.points_text(points) == text
