"""The text form of the CV's list fields and back (applications/cv/entries.py), no database."""

import random
from datetime import date
from typing import Any

import pytest

from applications.cv import entries, parse_cv
from applications.cv.entries import EntryError
from demo import cv_samples

WORK: list[dict[str, Any]] = [
    {
        "title": "Programme Officer",
        "organisation": "UNESCO",
        "start": "2019-03",
        "end": None,
        "internship": False,
    },
    {
        "title": None,
        "organisation": "CAS Institute of Botany",
        "start": "2015-06",
        "end": "2015-09",
        "internship": True,
    },
]
EDUCATION: list[dict[str, Any]] = [
    {
        "degree": "PhD",
        "level": "phd",
        "field": None,
        "institution": "ETH Zürich",
        "year": 2025,
        "in_progress": True,
    },
    {
        "degree": "MSc",
        "level": "master",
        "field": "Ecology",
        "institution": "Peking University",
        "year": 2018,
        "in_progress": False,
    },
]
SKILLS = ["Python", "GIS", "Scientific writing"]
LINKS = [
    {"kind": "linkedin", "url": "https://www.linkedin.com/in/anna-mueller-123"},
    {"kind": "orcid", "url": "https://orcid.org/0000-0002-1825-0097"},
    {"kind": "github", "url": "https://github.com/amueller"},
    {"kind": "website", "url": "https://mueller-lab.org"},
]


@pytest.mark.parametrize(
    ("field", "value"),
    [("work", WORK), ("education", EDUCATION), ("skills", SKILLS), ("links", LINKS)],
)
def test_text_form_reads_back_to_the_same_entries(field, value):
    assert entries.from_text(field, entries.to_text(field, value)) == value


def test_work_text_form_is_one_job_a_line():
    assert entries.to_text("work", WORK).splitlines() == [
        "Programme Officer | UNESCO | 2019-03 | present",
        " | CAS Institute of Botany | 2015-06 | 2015-09 | internship",
    ]


def test_education_text_form_is_one_degree_a_line():
    assert entries.to_text("education", EDUCATION).splitlines() == [
        "PhD | phd |  | ETH Zürich | 2025 | in progress",
        "MSc | master | Ecology | Peking University | 2018",
    ]


@pytest.mark.parametrize("seed", [1, 4, 7, 11])
def test_what_the_parser_reads_survives_the_text_form(seed):
    profile = cv_samples.random_profile(random.Random(seed))
    parsed = parse_cv(cv_samples.render_cv(profile, layout="single")).as_dict()
    for field in entries.LIST_FIELDS:
        value = parsed[field]["value"]
        assert entries.from_text(field, entries.to_text(field, value)) == value, field


def test_the_api_structure_is_read_by_the_same_rules():
    assert entries.from_items("work", WORK) == WORK
    assert entries.from_items("education", EDUCATION) == EDUCATION
    assert entries.from_items("links", [link["url"] for link in LINKS]) == LINKS
    assert entries.from_items("skills", ["Python", "python", " GIS "]) == ["Python", "GIS"]


def test_short_forms_are_completed():
    (job,) = entries.from_text("work", "Consultant | WHO | 2017 | 2018")
    assert (job["start"], job["end"], job["internship"]) == ("2017-01", "2018-12", False)
    (degree,) = entries.from_text("education", "BSc | Bachelor")
    assert degree == {
        "degree": "BSc",
        "level": "bachelor",
        "field": None,
        "institution": None,
        "year": None,
        "in_progress": False,
    }


def test_skills_may_be_comma_separated_and_are_kept_once():
    assert entries.from_text("skills", "Python, R\n\nGIS\npython") == ["Python", "R", "GIS"]


def test_links_without_a_scheme_are_https():
    assert entries.from_text("links", "orcid.org/0000-0002-1825-0097") == [LINKS[1]]


@pytest.mark.parametrize(
    ("field", "text", "line", "problem"),
    [
        ("work", "Officer | UNESCO | 2019-03\nAnalyst | WHO | March 2017", 2, "bad_date"),
        ("work", "Officer | UNESCO | 2019-13", 1, "bad_date"),
        ("work", "\n\nOfficer | UNESCO | 2019-03 | 2018-01", 3, "end_before_start"),
        ("work", "Officer | UNESCO | 2019-03 | present | paid", 1, "bad_internship"),
        ("work", "a | b | 2019 | 2020 | internship | extra", 1, "too_many_parts"),
        ("education", "MSc | masters | Ecology", 1, "bad_level"),
        ("education", "MSc | master | Ecology | PKU | 18", 1, "bad_year"),
        ("education", "MSc | master | | | 2018 | finished", 1, "bad_in_progress"),
        ("skills", "Python\n" + "x" * 301, 2, "too_long"),
        ("links", "https://a.org\nnot a link", 2, "not_a_url"),
        ("links", "javascript://example.org/%0aalert(1)", 1, "not_http"),
        ("links", "ftp://files.example.org", 1, "not_http"),
    ],
)
def test_a_bad_line_is_named(field, text, line, problem):
    with pytest.raises(EntryError) as refused:
        entries.from_text(field, text)
    assert (refused.value.line, refused.value.problem) == (line, problem)


@pytest.mark.parametrize(
    ("field", "items", "line", "problem"),
    [
        ("work", [WORK[0], "Officer at UNESCO"], 2, "not_an_entry"),
        ("work", [{**WORK[0], "salary": 10}], 1, "unknown_key"),
        ("work", [{**WORK[0], "start": "soon"}], 1, "bad_date"),
        ("education", [{**EDUCATION[0], "year": True}], 1, "not_an_entry"),
        ("skills", ["Python", 3], 2, "not_an_entry"),
        ("links", [{"url": "mailto:a@b.org"}], 1, "not_a_url"),
    ],
)
def test_a_bad_item_is_named(field, items, line, problem):
    with pytest.raises(EntryError) as refused:
        entries.from_items(field, items)
    assert (refused.value.line, refused.value.problem) == (line, problem)


def test_too_many_entries_are_refused_at_the_first_one_too_many():
    text = "\n".join(f"Skill {n}" for n in range(entries.MAX_ENTRIES + 5))
    with pytest.raises(EntryError) as refused:
        entries.from_text("skills", text)
    assert (refused.value.line, refused.value.problem) == (
        entries.MAX_ENTRIES + 1,
        "too_many_entries",
    )


def test_paid_years_merge_overlaps_and_leave_internships_out():
    work = [
        {"start": "2015-01", "end": "2016-12", "internship": False},
        {"start": "2016-07", "end": "2017-12", "internship": False},  # overlaps: once
        {"start": "2014-06", "end": "2014-09", "internship": True},
        {"start": "2020-01", "end": None, "internship": False},  # ongoing: up to today
    ]
    assert entries.paid_years(work, date(2021, 12, 15)) == 5.0


def test_paid_years_are_zero_for_internships_only_and_unknown_without_dates():
    assert entries.paid_years([WORK[1]], date(2021, 1, 1)) == 0.0
    assert entries.paid_years([], date(2021, 1, 1)) is None


def test_highest_level_counts_completed_degrees_only():
    assert entries.highest_level(EDUCATION) == "master"
    assert entries.highest_level(EDUCATION[:1]) is None


@pytest.mark.parametrize(("field", "value"), [("work", WORK), ("education", EDUCATION)])
def test_the_chinese_text_form_reads_back_to_the_same_entries(field, value):
    text = entries.to_text(field, value, "zh-hans")
    assert entries.from_text(field, text) == value


def test_the_chinese_text_form_writes_the_keywords_in_chinese():
    work = [{"title": "研究助理", "organisation": "北京大学", "start": "2019-03", "end": None}]
    work[0]["internship"] = True
    education = [
        {
            "degree": "理学硕士",
            "level": "master",
            "field": None,
            "institution": None,
            "year": None,
            "in_progress": True,
        }
    ]
    assert entries.to_text("work", work, "zh-hans") == "研究助理 | 北京大学 | 2019-03 | 至今 | 实习"
    assert entries.to_text("education", education, "zh-hans") == "理学硕士 | 硕士 |  |  |  | 在读"
    assert entries.from_text("education", "理学硕士 | master |  |  |  | in progress") == education
