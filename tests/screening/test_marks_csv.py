"""The CSV file of exam marks, read without a database (screening.marks_csv)."""

from decimal import Decimal

import pytest

from screening import marks_csv

SECTIONS = ["Knowledge", "Essay"]
CANDIDATES = {"1234", "5678"}


def read(text: str | bytes) -> marks_csv.MarksFile:
    return marks_csv.read(text, sections=SECTIONS, candidates=CANDIDATES)


def test_a_good_file_gives_one_row_per_line_with_its_marks():
    result = read("candidate_number,Knowledge,Essay\n1234,30,41.5\n5678,22,\n")
    assert result.file_errors == []
    first, second = result.rows
    assert (first.line, first.number, first.marker, first.known) == (2, "1234", "first", True)
    assert first.cells == [
        marks_csv.Cell(0, Decimal("30")),
        marks_csv.Cell(1, Decimal("41.5")),
    ]
    assert second.cells == [marks_csv.Cell(0, Decimal("22"))]  # an empty cell says nothing


def test_semicolons_decimal_commas_and_the_marker_column():
    result = read("candidate_number;marker;knowledge\n1234;Second;31,5\n1234;;30\n")
    assert [(r.marker, r.cells[0].points) for r in result.rows] == [
        ("second", Decimal("31.5")),
        ("first", Decimal("30")),
    ]
    assert all(not r.problems for r in result.rows)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "The file is empty."),
        ("candidate_number,Maths\n1234,3\n", "“Maths” is not a section of this exam"),
        ("Knowledge\n30\n", "needs a “candidate_number” column"),
        ("candidate_number,marker\n1234,first\n", "No column names a section"),
        ("candidate_number,Knowledge\n\n ,\n", "no rows of marks"),
        (b"x" * (marks_csv.MAX_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_file_errors(data, words):
    result = read(data)
    assert result.rows == []
    assert any(words in message for message in result.file_errors), result.file_errors


def test_each_problem_of_a_line_is_named():
    result = read(
        "candidate_number,marker,Knowledge\n"
        "9999,third,thirty\n"
        "1234,first,30,extra\n"
        "1234,first,31\n"
        ",first,1\n"
    )
    unknown, extra, twice, nobody = result.rows
    assert unknown.problems == [
        "unknown candidate number “9999”",
        "“third” is not a marker (first, second or agreed)",
    ]
    assert not unknown.known
    assert unknown.cells == [marks_csv.Cell(0, None, "Knowledge: “thirty” is not a number")]
    assert extra.problems == ["more cells than columns"]
    assert twice.problems == ["candidate 1234 (first marker) is also on line 3"]
    assert nobody.problems == ["no candidate number"]


def test_utf16_and_windows_1252_files_are_read():
    assert marks_csv.decode("candidate_number\n".encode("utf-16")) == "candidate_number\n"
    assert marks_csv.decode("Ébauche".encode("cp1252")) == "Ébauche"
    assert marks_csv.decode("\ufeffcandidate_number".encode()) == "candidate_number"


def test_size_refusal():
    assert marks_csv.size_refusal(marks_csv.MAX_BYTES) is None
    assert marks_csv.size_refusal(marks_csv.MAX_BYTES + 1) == "The file is larger than 2 MB."


def test_the_template_is_a_file_the_reader_reads_back():
    table = marks_csv.template(
        SECTIONS, [("1234", "first", [Decimal("30.50"), None]), ("5678", "first", [None, None])]
    )
    assert table == [
        ["candidate_number", "marker", "Knowledge", "Essay"],
        ["1234", "first", "30.5", ""],
        ["5678", "first", "", ""],
    ]
    text = "\n".join(",".join(row) for row in table)
    assert [r.cells for r in read(text).rows] == [[marks_csv.Cell(0, Decimal("30.5"))], []]


def test_bare_carriage_returns_end_lines_too():
    result = read(b"candidate_number,Knowledge\r1234,30\r5678,22\r")
    assert result.file_errors == []
    assert [(r.line, r.number) for r in result.rows] == [(2, "1234"), (3, "5678")]


def test_windows_1252_with_an_even_number_of_bytes_is_not_taken_for_utf16():
    result = read("candidate_number,Knowledge\n1234,30\nÄ5,1\n".encode("cp1252"))
    assert result.file_errors == []
    assert result.rows[1].problems == ["unknown candidate number “Ä5”"]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"candidate_number,Knowledge\n1234,3\x000\n", 2),
        (b"candidate_number,Knowledge\r\n1234,30\r\n\x00\x00\r\n", 3),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00\x01\x02\xff", 4),
        (bytes(range(256)) * 8, 1),
    ],
    ids=["nul-in-a-cell", "nul-line", "pdf", "binary"],
)
def test_a_file_that_is_not_text_is_a_file_error_naming_the_line(data, line):
    result = read(data)
    assert result.rows == []
    assert result.file_errors == [
        f"Line {line} is not text (it contains a NUL byte): is this a CSV file?"
    ]


def test_a_line_the_csv_reader_cannot_read_is_a_file_error_naming_it():
    result = read('candidate_number,Knowledge\n1234,30\n"5678,22' + "x" * 200_000 + "\n")
    assert result.rows == []
    assert result.file_errors[0].startswith("Line 3 cannot be read as CSV")
