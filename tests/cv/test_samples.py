"""The generated CVs of the demo and the tests: their dates agree with the day they were written."""

import random
import re
from datetime import date

import pytest

from applications.cv import CVParseError, ocr, parse_cv
from demo.cv_samples import (
    LAYOUTS,
    TEXT_LAYOUTS,
    Job,
    _merged_years,
    random_profile,
    render_cv,
)

CREATED = [date(year, month, 15) for year in (2015, 2018, 2021, 2025) for month in (1, 7)]


@pytest.mark.parametrize("created", CREATED, ids=str)
def test_nothing_on_a_generated_cv_is_later_than_its_date(created):
    for seed in range(40):
        profile = random_profile(random.Random(seed), created=created)  # noqa: S311
        month = (created.year, created.month)
        for job in profile.jobs:
            assert job.start <= month
            assert job.end is None or job.end <= month
        for entry in profile.education:
            assert entry.start_year is None or entry.start_year <= created.year
            if not entry.in_progress:
                assert entry.year <= created.year
        for paper in profile.publications or []:
            assert int(re.search(r"\((\d{4})\)", paper).group(1)) <= created.year


@pytest.mark.parametrize("created", CREATED, ids=str)
def test_careers_fit_the_applicants_age_on_the_cvs_date(created):
    for seed in range(40):
        profile = random_profile(random.Random(seed), created=created)  # noqa: S311
        years = _merged_years(profile.jobs, created)
        age = created.year - profile.birth_date.year
        assert years <= 30
        assert years <= age - 20


def test_present_on_an_old_cv_is_the_cvs_date_not_today():
    created = date(2018, 3, 1)
    profile = random_profile(random.Random(1), created=created)  # noqa: S311
    profile.jobs = [
        Job("Programme Officer", "UNESCO", (2012, 1), None),
        Job("Analyst", "CGIAR", (2009, 1), (2011, 12)),
    ]
    for layout in ("single", "two_column", "header_table"):
        parsed = parse_cv(render_cv(profile, layout=layout, created=created))
        assert parsed.created == created
        # 9.2 years to March 2018 (8.2 if the CV prints years only), never counted to today
        assert abs(parsed.value("years_experience") - 9.2) <= 1


def test_header_table_layout_reads_like_a_chinese_cv():
    profile = random_profile(random.Random(2), nationality="CN")  # noqa: S311
    data = render_cv(profile, layout="header_table", language="zh", created=date(2023, 5, 1))
    parsed = parse_cv(data)
    assert {"姓名", "手机", "邮箱", "教育背景"} <= set(re.findall(r"[\u4e00-\u9fff]+", parsed.text))
    assert parsed.value("name") == profile.native_name
    assert parsed.value("email") == profile.email


def test_every_layout_renders_and_only_the_scan_lacks_a_text_layer():
    profile = random_profile(random.Random(4), nationality="FR")  # noqa: S311
    assert set(LAYOUTS) - set(TEXT_LAYOUTS) == {"scanned"}
    with pytest.raises(CVParseError) as error:
        parse_cv(render_cv(profile, layout="scanned"), ocr_max_pages=0)
    assert error.value.reason == "no text layer (scanned image)"


@pytest.mark.skipif(not ocr.available(), reason="Tesseract is not installed")
def test_the_scanned_layout_is_read_with_ocr():
    profile = random_profile(random.Random(4), nationality="GB")  # noqa: S311
    parsed = parse_cv(render_cv(profile, layout="scanned"))
    assert parsed.extra["source"] == "ocr"
    assert parsed.value("email") == profile.email
