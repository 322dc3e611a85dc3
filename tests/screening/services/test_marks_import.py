"""CSV import of exam marks: all rows or none, each bad row reported, re-import is a no-op."""

import csv
import io
from decimal import Decimal

import pytest

from screening import selectors, services
from screening.models import SectionScore
from tests.factories import make_job
from tests.screening.support import exam_for, invited

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(hr_user):
    exam = exam_for(make_job(), hr_user, sections=(("Knowledge", 40), ("Essay", 60)))
    invited(exam, hr_user, count=3)
    return exam


def numbers(exam) -> list[str]:
    return list(
        exam.sittings.order_by("candidate_number").values_list("candidate_number", flat=True)
    )


def good_file(exam) -> str:
    a, b, c = numbers(exam)
    return f"candidate_number,Knowledge,Essay\n{a},30,41.5\n{b},22,35\n{c},40,60\n"


def marks(exam) -> dict:
    return {
        (s.sitting.candidate_number, s.section.name, s.marker): s.points
        for s in SectionScore.objects.filter(sitting__exam=exam).select_related(
            "sitting", "section"
        )
    }


def test_a_good_file_imports_every_row(exam, hr_user):
    report = services.scores_import_csv(exam=exam, actor=hr_user, data=good_file(exam).encode())
    assert report.ok and report.rows == 3 and report.marks.created == 6
    a = numbers(exam)[0]
    assert marks(exam)[(a, "Essay", "first")] == Decimal("41.5")
    assert set(exam.sittings.values_list("attendance", flat=True)) == {"present"}


@pytest.mark.parametrize(
    ("bad_row", "words"),
    [
        ("9999,30,40", "unknown candidate number “9999”"),
        ("{n},41,40", "Knowledge: 41 is above the maximum of 40"),
        ("{n},thirty,40", "Knowledge: “thirty” is not a number"),
        ("{n},-1,40", "Knowledge: -1 is below 0"),
    ],
)
def test_one_bad_row_imports_nothing_and_is_reported(exam, hr_user, bad_row, words):
    a, b, c = numbers(exam)
    data = f"candidate_number,Knowledge,Essay\n{a},30,40\n{bad_row.format(n=b)}\n{c},20,20\n"
    report = services.scores_import_csv(exam=exam, actor=hr_user, data=data.encode())
    assert not report.ok
    ((line, number, messages),) = report.errors
    assert line == 3
    assert any(words in m for m in messages), messages
    assert not SectionScore.objects.exists()
    assert set(exam.sittings.values_list("attendance", flat=True)) == {"invited"}


def test_every_bad_row_is_reported(exam, hr_user):
    a, b, c = numbers(exam)
    data = f"candidate_number,Knowledge,Essay\n{a},50,40\n{b},30,40\n0000,1,1\n"
    report = services.scores_import_csv(exam=exam, actor=hr_user, data=data.encode())
    assert [line for line, _n, _m in report.errors] == [2, 4]


def test_reimporting_the_same_file_changes_nothing(exam, hr_user):
    data = good_file(exam).encode()
    services.scores_import_csv(exam=exam, actor=hr_user, data=data)
    before = {s.pk: (s.points, s.marked_at) for s in SectionScore.objects.all()}

    again = services.scores_import_csv(exam=exam, actor=hr_user, data=data)

    assert again.ok and (again.marks.created, again.marks.changed, again.marks.unchanged) == (
        0,
        0,
        6,
    )
    assert {s.pk: (s.points, s.marked_at) for s in SectionScore.objects.all()} == before


def test_unknown_column_is_a_file_error(exam, hr_user):
    report = services.scores_import_csv(
        exam=exam, actor=hr_user, data=b"candidate_number,Maths\n1234,3\n"
    )
    assert not report.ok and "“Maths” is not a section" in report.file_errors[0]


def test_second_marker_and_semicolons_and_decimal_commas(exam, hr_user):
    a = numbers(exam)[0]
    data = f"candidate_number;marker;Knowledge;Essay\n{a};first;30;40\n{a};second;31,5;\n"
    report = services.scores_import_csv(exam=exam, actor=hr_user, data=data.encode())
    assert report.ok, report.errors
    assert marks(exam)[(a, "Knowledge", "second")] == Decimal("31.5")
    assert (a, "Essay", "second") not in marks(exam)  # an empty cell leaves it as it is


def test_the_same_candidate_twice_is_reported(exam, hr_user):
    a = numbers(exam)[0]
    data = f"candidate_number,Knowledge\n{a},30\n{a},31\n"
    report = services.scores_import_csv(exam=exam, actor=hr_user, data=data.encode())
    assert "also on line 2" in report.errors[0][2][0]


def test_export_is_an_importable_template(exam, hr_user):
    services.scores_import_csv(exam=exam, actor=hr_user, data=good_file(exam).encode())

    rows = selectors.scores_csv_rows(exam)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    assert rows[0] == ["candidate_number", "marker", "Knowledge", "Essay"]
    again = services.scores_import_csv(exam=exam, actor=hr_user, data=buffer.getvalue().encode())
    assert again.ok and again.marks.unchanged == 6
