"""Field extraction: each test builds one CV and checks one behaviour of the parser."""

import random
from datetime import date

from applications.cv import parse_cv, parse_cv_text
from applications.cv.layout import normalise_text
from demo.cv_samples import Education, Job, random_profile, render_cv


def _profile(seed: int = 3, **kwargs):
    return random_profile(random.Random(seed), **kwargs)  # noqa: S311 - sample data


def test_name_email_and_phone_read_from_a_single_column_cv():
    profile = _profile(nationality="DE")
    parsed = parse_cv(render_cv(profile, layout="single", created=date(2024, 5, 1)))
    assert parsed.value("name") == profile.name
    assert parsed.value("email") == profile.email
    assert parsed.value("phone") == profile.phone_read


def test_every_field_carries_value_confidence_and_source():
    parsed = parse_cv(render_cv(_profile(), layout="single"))
    for name, field in parsed.as_dict().items():
        assert set(field) == {"value", "confidence", "source"}, name
        assert 0.0 <= field["confidence"] <= 1.0, name


def test_as_dict_is_json_serialisable_with_the_documented_keys():
    import json

    result = parse_cv(render_cv(_profile(), layout="icons")).as_dict()
    json.dumps(result)
    for key in (
        "name",
        "email",
        "phone",
        "links",
        "education",
        "highest_degree",
        "years_experience",
        "work",
        "languages",
        "skills",
        "publications",
        "text",
    ):
        assert key in result


def test_sidebar_two_column_cv_keeps_columns_apart():
    profile = _profile(seed=11, nationality="KE")
    parsed = parse_cv(render_cv(profile, layout="two_column"))
    assert parsed.value("name") == profile.name
    text = parsed.text
    # Sidebar skills are read as their own block, not interleaved with job titles.
    first_job = profile.jobs[0].title
    assert text.index(profile.skills[-1]) < text.index(first_job)


def test_job_board_cover_page_contact_details_are_ignored():
    profile = _profile(seed=5, nationality="IN")
    parsed = parse_cv(render_cv(profile, layout="cover_page"))
    assert parsed.value("email") == profile.email
    assert parsed.value("phone") == profile.phone_read
    assert parsed.value("name") == profile.name


def test_no_contact_cv_gives_null_email_and_phone_with_zero_confidence():
    parsed = parse_cv(render_cv(_profile(seed=8), layout="no_contact")).as_dict()
    assert parsed["email"] == {"value": None, "confidence": 0.0, "source": ""}
    assert parsed["phone"]["value"] is None


def test_name_split_over_two_lines_is_joined():
    profile = _profile(seed=9, nationality="ES")
    parsed = parse_cv(render_cv(profile, layout="name_split"))
    assert parsed.value("name").casefold() == profile.name.casefold()


def test_letter_spaced_headings_are_recognised():
    assert normalise_text("W O R K   E X P E R I E N C E") == "WORK EXPERIENCE"
    profile = _profile(seed=4)
    parsed = parse_cv(render_cv(profile, layout="letterspaced"))
    assert parsed.value("highest_degree") is not None
    assert parsed.value("years_experience") is not None


def test_icon_glyphs_and_mailto_prefixes_are_stripped():
    profile = _profile(seed=21, nationality="FR")
    parsed = parse_cv(render_cv(profile, layout="icons"))
    assert parsed.value("email") == profile.email
    assert parsed.value("phone") == profile.phone_read


def test_chinese_cv_reads_hanzi_name_and_chinese_headings():
    profile = _profile(seed=2, nationality="CN")
    parsed = parse_cv(render_cv(profile, layout="single", language="zh"))
    assert parsed.value("name") == profile.native_name
    assert {item["language"] for item in parsed.value("languages")} >= {"Chinese"}


def test_vietnamese_cv_keeps_diacritics_in_the_name():
    profile = _profile(seed=6, nationality="VN")
    parsed = parse_cv(render_cv(profile, layout="table", language="vi"))
    assert parsed.value("name") == profile.name


def test_present_is_resolved_against_the_pdf_creation_date():
    profile = _profile(seed=1)
    profile.jobs = [Job("Programme Officer", "UNESCO", (2020, 1), None)]
    parsed = parse_cv(render_cv(profile, layout="single", created=date(2022, 12, 10)))
    assert parsed.value("years_experience") == 3.0


def test_overlapping_jobs_are_merged_and_internships_left_out():
    profile = _profile(seed=1)
    profile.jobs = [
        Job("Programme Officer", "UNESCO", (2018, 1), (2019, 12)),
        Job("Consultant", "CGIAR", (2019, 1), (2020, 12)),
        Job("Research Intern", "CNRS", (2016, 6), (2016, 11), is_internship=True),
    ]
    parsed = parse_cv(render_cv(profile, layout="single", created=date(2023, 1, 1)))
    assert parsed.value("years_experience") == 3.0
    interns = [w for w in parsed.value("work") if w["internship"]]
    assert len(interns) == 1


def test_stated_years_that_disagree_lower_the_confidence():
    profile = _profile(seed=1)
    profile.jobs = [Job("Programme Officer", "UNESCO", (2020, 1), (2021, 12))]
    profile.stated_years = "15+"
    field = parse_cv(render_cv(profile, layout="single")).as_dict()["years_experience"]
    assert field["value"] == 2.0
    assert field["confidence"] < 0.5


def test_degree_in_progress_is_not_the_highest_completed():
    profile = _profile(seed=1)
    profile.education = [
        Education("", "master", "Ecology", "Wageningen University", 2019),
        Education("", "phd", "Ecology", "ETH Zurich", 2026, in_progress=True, start_year=2021),
    ]
    parsed = parse_cv(render_cv(profile, layout="single", created=date(2024, 3, 1)))
    assert parsed.value("highest_degree") == "master"
    assert parsed.value("highest_degree_mentioned") == "phd"


def test_languages_section_gives_english_names_and_levels_not_programming_languages():
    text = (
        "Jane Example\njane@example.org\n\nSkills\nPython, R, Java\n\nIdiomas\n"
        "Español – lengua materna\nInglés (C1)\nFrancés: básico\n"
    )
    languages = parse_cv_text(text).value("languages")
    assert languages == [
        {"language": "Spanish", "level": "native"},
        {"language": "English", "level": "C1"},
        {"language": "French", "level": "basic"},
    ]


def test_phone_rejects_years_date_ranges_and_birth_dates():
    text = (
        "Jane Example\nBerlin, Germany\nGeburtsdatum: 12.03.1988\n\nBerufserfahrung\n"
        "Referentin  2015 - 2019\nProjektleiterin  03/2019 - 05/2021\n"
    )
    assert parse_cv_text(text).value("phone") is None


def test_phone_without_country_code_is_never_given_one_from_the_address():
    text = "Jürgen Müller\nHamburg, Germany\nMobil: 0151 23456789\njm@example.org\n" + "x " * 30
    assert parse_cv_text(text).value("phone") == "015123456789"


def test_phone_without_country_code_is_read_in_the_applicants_stated_country():
    text = "Jürgen Müller\nHamburg, Germany\nMobil: 0151 23456789\njm@example.org\n" + "x " * 30
    assert parse_cv_text(text, default_region="DE").value("phone") == "+4915123456789"


def test_email_wrapped_over_two_lines_is_rejoined():
    text = "Jane Example\njane.example.longname@uni-\nheidelberg.de\n" + "filler " * 10
    assert parse_cv_text(text).value("email") == "jane.example.longname@uni-heidelberg.de"


def test_referee_contact_details_are_not_the_candidates():
    text = (
        "Jane Example\nLondon, United Kingdom\n\nExperience\nOfficer  2019 - 2021\n\n"
        "References\nProf. John Smith, john.smith@ox.ac.uk, +44 20 7946 0958\n"
    )
    parsed = parse_cv_text(text)
    assert parsed.value("email") is None
    assert parsed.value("phone") is None


def test_links_are_found_with_or_without_a_scheme():
    text = (
        "Jane Example\njane@example.org | linkedin.com/in/jane-example | "
        "https://orcid.org/0000-0002-1825-0097 | github.com/janeex\n" + "filler " * 10
    )
    kinds = {link["kind"]: link["url"] for link in parse_cv_text(text).value("links")}
    assert kinds["linkedin"] == "https://linkedin.com/in/jane-example"
    assert kinds["orcid"] == "https://orcid.org/0000-0002-1825-0097"
    assert kinds["github"] == "https://github.com/janeex"


def test_publications_are_counted_only_when_a_section_exists():
    with_section = "Jane Example\n\nPublications\n[1] A (2019). B.\n[2] C (2020). D.\n" + "x " * 20
    without = "Jane Example\n\nExperience\nOfficer 2019 - 2021\n" + "x " * 20
    assert parse_cv_text(with_section).value("publications") == 2
    assert parse_cv_text(without).value("publications") is None


def test_work_dates_are_iso_months():
    profile = _profile(seed=1)
    profile.jobs = [Job("Programme Officer", "UNESCO", (2018, 3), (2021, 7))]
    work = parse_cv(render_cv(profile, layout="table")).value("work")
    assert work[0]["start"] == "2018-03"
    assert work[0]["end"] == "2021-07"


def test_date_of_birth_is_not_extracted_as_a_field():
    result = parse_cv(
        render_cv(_profile(seed=3, nationality="DE"), layout="single", language="de")
    ).as_dict()
    assert not {"date_of_birth", "birth_date", "marital_status"} & set(result)
