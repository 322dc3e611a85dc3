"""Failure classes seen on real CVs, each reproduced by a small made-up CV drawn for the test."""

from datetime import date

import pytest

from applications.cv import parse_cv, parse_cv_text
from applications.cv.layout import normalise_text
from demo.cv_samples import Ink, sketch_pdf


def _cv(*inks: Ink, created: date | None = date(2024, 1, 15)) -> dict:
    return parse_cv(sketch_pdf([list(inks)], created=created)).as_dict()


def _value(result: dict, key: str):
    return result[key]["value"]


def _languages(result: dict) -> set[str]:
    return {item["language"] for item in result["languages"]["value"]}


# --- headings --------------------------------------------------------------------------------


def test_bold_employer_line_larger_than_the_body_is_not_a_section_heading():
    # Given an employer set in bold capitals 1.3x the body size between two dated jobs
    result = _cv(
        Ink(60, 60, "Maria Example", 22, bold=True),
        Ink(60, 85, "maria@example.org"),
        Ink(60, 130, "Experience", 13, bold=True),
        Ink(60, 150, "Senior Analyst  01/2016 - 12/2020"),
        Ink(60, 175, "GLOBEX CORPORATION", 13, bold=True),
        Ink(60, 195, "Analyst  01/2013 - 12/2015"),
        Ink(60, 240, "Education", 13, bold=True),
        Ink(60, 260, "Summer internship, Initech  06/2012 - 08/2012"),
        Ink(60, 280, "BSc in Economics, 2012"),
    )
    # Then the job below it still counts, and the internship under Education does not
    assert _value(result, "years_experience") == 8.0


def test_unknown_heading_in_the_style_of_known_ones_opens_a_section():
    # "Where I have worked" is no heading the lexicon knows; "Olympiads" neither
    result = _cv(
        Ink(60, 60, "Maria Example", 22, bold=True),
        Ink(60, 110, "EDUCATION", 12, bold=True),
        Ink(60, 130, "MSc in Physics, 2015"),
        Ink(60, 170, "WHERE I HAVE WORKED", 12, bold=True),
        Ink(60, 190, "Engineer, Acme  03/2016 - 02/2020"),
        Ink(60, 230, "OLYMPIADS", 12, bold=True),
        Ink(60, 250, "Team member, Physics Olympiad  2009 - 2011"),
    )
    assert _value(result, "years_experience") == 4.0


def test_europass_label_column_beside_the_name_is_not_part_of_it():
    result = _cv(
        Ink(176, 60, "Curriculum vitae", 10),
        Ink(176, 100, "PERSONAL INFORMATION", 9, align="right"),
        Ink(192, 100, "Anna Paola Example", 12),
        Ink(207, 120, "anna@example.it"),
        Ink(176, 160, "MOTHER TONGUE(S)", 9, align="right"),
        Ink(192, 160, "Italian"),
        Ink(176, 180, "OTHER LANGUAGE(S)", 9, align="right"),
        Ink(192, 180, "UNDERSTANDING  SPEAKING  WRITING", 8),
        Ink(150, 200, "English", 9),
        Ink(220, 200, "C1     B2     C1", 9),
    )
    assert _value(result, "name") == "Anna Paola Example"
    assert _languages(result) == {"Italian", "English"}
    assert result["languages"]["value"][0]["level"] == "native"


def test_heading_set_over_two_lines_in_a_label_column():
    result = _cv(
        Ink(60, 60, "Maria Example", 20, bold=True),
        Ink(176, 110, "EDUCATION AND", 9, align="right"),
        Ink(176, 121, "TRAINING", 9, align="right"),
        Ink(192, 110, "2010 - 2014  Bachelor of Arts in History"),
    )
    assert _value(result, "highest_degree") == "bachelor"


# --- dates -----------------------------------------------------------------------------------


def test_soft_hyphen_between_years_is_a_range_dash():
    assert normalise_text("2018\u00ad2021") == "2018-2021"
    assert normalise_text("Anforde\u00adrungen") == "Anforderungen"
    text = "Maria Example\n\nExperience\nOfficer, Example Ltd  2018\u00ad2021\n"
    assert parse_cv_text(text, created=date(2024, 1, 1)).value("years_experience") == 3.0


@pytest.mark.parametrize(
    "dates",
    [
        "2018 ⇒ 2021",
        "2018 → 2021",
        "2018 – 2021",
        "2018 — 2021",
        "2018 ~ 2021",
        "2018 至 2021",
    ],
)
def test_date_range_separators_survive_clean_up(dates):
    result = _cv(
        Ink(60, 60, "Maria Example", 22, bold=True),
        Ink(60, 110, "Work experience", 13, bold=True),
        Ink(60, 130, f"Project officer, Example Institute  {dates}"),
    )
    assert _value(result, "years_experience") == 3.0


@pytest.mark.parametrize(
    ("dates", "years"),
    [
        ("09/18 - 08/21", 3.0),  # MM/YY
        ("2018.09 - 2021.08", 3.0),  # YYYY.MM
        ("2018年9月 - 2021年8月", 3.0),
        ("18.09-21.08", 3.0),  # YY.MM
        ("2021.09 - 至今", 2.4),
        ("2021.09 - 现在", 2.4),
        ("Sep 2021 - present", 2.4),
        ("Sep. 2021 - heute", 2.4),
        ("septiembre 2021 - actualidad", 2.4),
        ("2021 September - heute", 2.4),  # year over month, as stacked German columns read
    ],
)
def test_date_shapes_and_present_words(dates, years):
    text = f"Maria Example\nmaria@example.org\n\nExperience\nOfficer, Example Ltd  {dates}\n"
    assert parse_cv_text(text, created=date(2024, 1, 10)).value("years_experience") == years


def test_present_is_the_date_printed_on_the_cv_not_the_file_date():
    result = _cv(
        Ink(60, 60, "Max Example", 22, bold=True),
        Ink(60, 110, "Berufserfahrung", 13, bold=True),
        Ink(60, 130, "Architekt, Firma  2016 April - heute"),
        Ink(60, 700, "Berlin, 3. März 2021"),
        created=date(2024, 6, 1),
    )
    assert _value(result, "years_experience") == 5.0


def test_a_reproducible_build_date_is_not_the_documents_date():
    # Typst and other reproducible builds stamp the PDF 1980-01-01.
    result = _cv(
        Ink(60, 60, "Maria Example", 22, bold=True),
        Ink(60, 110, "Experience", 13, bold=True),
        Ink(60, 130, "Engineer, Acme  2019.01 - 2021.12"),
        Ink(60, 150, "Engineer, Initech  2022.01 - present"),
        Ink(60, 170, "Certificate in Management, 2023.06"),
        created=date(1980, 1, 1),
    )
    assert _value(result, "years_experience") == pytest.approx(4.4, abs=0.1)


def test_present_is_never_today_when_nothing_dates_the_cv():
    text = "Maria Example\nmaria@example.org\n\nExperience\nOfficer, Example Ltd  2019 - present\n"
    field = parse_cv_text(text).as_dict()["years_experience"]
    assert field["value"] < 1.0  # counted to the latest date the CV names, not to today
    assert field["confidence"] <= 0.5


def test_date_range_split_over_two_rows_of_a_date_column():
    result = _cv(
        Ink(60, 60, "Maria Example", 22, bold=True),
        Ink(40, 110, "Experience", 14, bold=True),
        Ink(40, 130, "2021 年 10 月 ~"),
        Ink(115, 136, "Example Corp, engineer"),
        Ink(48, 142, "2023 年 9 月"),
    )
    assert _value(result, "years_experience") == 2.0


# --- columns and pages -----------------------------------------------------------------------


def _sidebar_page(inks_left: list[tuple[float, str, float, bool]], inks_main: list) -> list[Ink]:
    page = [Ink(30, y, text, size, bold) for y, text, size, bold in inks_left]
    page += [Ink(220, y, text, size, bold) for y, text, size, bold in inks_main]
    return page


def test_sidebar_section_carries_over_to_the_next_page():
    body = [(100 + 14 * n, f"Delivered project number {n} on time", 10, False) for n in range(20)]
    page1 = _sidebar_page(
        [
            (60, "Maria Example", 16, True),
            (100, "LANGUAGES", 12, True),
            (118, "English (native)", 10, False),
            (132, "French (C1)", 10, False),
            (146, "Spanish (B2)", 10, False),
            (160, "Italian (B1)", 10, False),
        ],
        [(60, "EXPERIENCE", 12, True), (80, "Engineer, Acme  01/2015 - 12/2019", 10, False)] + body,
    )
    page2 = _sidebar_page(
        [(60 + 14 * n, w, 10, False) for n, w in enumerate(["German (A2)", "Dutch (A1)"])],
        [(60, "Engineer, Initech  01/2020 - 12/2022", 10, False)] + body,
    )
    result = parse_cv(sketch_pdf([page1, page2])).as_dict()
    assert {"German", "Dutch"} <= _languages(result)
    assert _value(result, "years_experience") == 8.0


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Priya ThoratFeatured Resume", "Priya Thorat"),
        ("Priya Das", "Priya Das"),
        ("Maria da Silva", "Maria da Silva"),
    ],
)
def test_name_glued_to_a_stamp_with_control_glyphs_or_a_particle(printed, expected):
    result = _cv(
        Ink(60, 60, printed, 22, bold=True),
        Ink(60, 85, "Data Analyst", 12),
        Ink(60, 120, "Experience", 13, bold=True),
        Ink(60, 140, "Analyst, Example Ltd  2019 - 2022"),
    )
    assert _value(result, "name") == expected


def test_letter_spaced_name_is_read_as_words():
    result = _cv(
        Ink(140, 40, "JARED RICHARDS", 30, spacing=6),
        Ink(60, 120, "Experience", 13, bold=True),
        Ink(60, 140, "Engineer, Example Ltd  2019 - 2022"),
    )
    assert _value(result, "name") == "JARED RICHARDS"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ma\x00ria Ex\x00ample", "Maria Example"),  # NUL glyph inside a word
        ("Maria\rExample", "Maria Example"),  # carriage return between words (Quartz)
    ],
)
def test_nul_glyphs_and_carriage_returns_in_the_text_layer(raw, expected):
    assert normalise_text(raw) == expected


def test_nul_glyph_inside_the_name_is_dropped():
    parsed = parse_cv_text("Ma\x00ria Ex\x00ample\nmaria@example.org\n" + "x " * 30)
    assert parsed.value("name") == "Maria Example"


@pytest.mark.parametrize(
    "placeholder", ["Your Name", "Replace with First name(s) Surname(s)", "你的大名", "姓名"]
)
def test_placeholder_in_the_name_slot_gives_no_name(placeholder):
    result = _cv(
        Ink(200, 50, placeholder, 24),
        Ink(160, 80, "someone@example.com · (+86) 131-2218-7000"),
        Ink(60, 120, "Education", 13, bold=True),
        Ink(60, 140, "BSc in Physics, 2015"),
    )
    assert _value(result, "name") is None


def test_single_word_name_in_the_largest_type_is_a_name_with_low_confidence():
    result = _cv(
        Ink(250, 40, "ANDERSON", 18, bold=True),
        Ink(200, 60, "Site Reliability Engineer", 10),
        Ink(150, 75, "+1-(234)-555-1234 • anderson@example.com • Denver, Colorado", 8),
        Ink(60, 120, "Experience", 10),
    )
    field = result["name"]
    assert field["value"] == "ANDERSON"
    assert field["confidence"] <= 0.5


# --- Chinese CVs -----------------------------------------------------------------------------


def _chinese_cv(phone: str, created: date = date(2020, 8, 1)) -> dict:
    return _cv(
        Ink(60, 50, "个人信息", 16),
        Ink(60, 80, "姓  名: 王小明  性  别: 男"),
        Ink(60, 98, f"手  机: {phone}  邮  箱: wangxm@example.cn"),
        Ink(60, 140, "教育背景", 16),
        Ink(60, 165, "2018.09 - 2021.06  北京大学  物理学  硕士"),
        Ink(60, 185, "2014.09 - 2018.06  南京大学  物理学  本科"),
        Ink(60, 205, "2021.09 - 至今  清华大学  物理学  博士在读"),
        Ink(60, 245, "工作经历", 16),
        Ink(60, 270, "2019年3月 - 2020年2月  某科技公司  数据分析师"),
        Ink(60, 310, "实习经历", 16),
        Ink(60, 335, "2017.07 - 2017.09  某研究所  研究实习生"),
        Ink(60, 375, "语言能力", 16),
        Ink(60, 400, "英语 CET-6, 普通话"),
        created=created,
    )


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("138 0013 8000", "13800138000"),  # mainland mobile, no country code
        ("+86 138-0013-8000", "+8613800138000"),
        ("(+86) 13800138000", "+8613800138000"),
        ("138XXXX8000", "138xxxx8000"),  # masked, seven digits left
    ],
)
def test_chinese_header_table_labels_han_name_and_mobile(printed, expected):
    result = _chinese_cv(printed, created=date(2022, 1, 1))
    assert _value(result, "name") == "王小明"
    assert _value(result, "phone") == expected
    assert _value(result, "email") == "wangxm@example.cn"


def test_chinese_degrees_in_progress_internships_and_language_evidence():
    result = _chinese_cv("13800138000", created=date(2022, 1, 1))
    assert _value(result, "highest_degree") == "master"
    assert _value(result, "highest_degree_mentioned") == "phd"
    assert _value(result, "years_experience") == 1.0  # the internship is not counted
    assert _languages(result) == {"English", "Chinese"}


def test_expected_graduation_after_the_document_date_is_in_progress():
    text = (
        "王小明\nwangxm@example.cn\n\n教育背景\n2016.09 - 2020.06 北京大学 本科\n"
        "2020.09 - 2023.06 清华大学 硕士 (预计2023年6月毕业)\n"
    )
    parsed = parse_cv_text(text, created=date(2022, 5, 1))
    assert parsed.value("highest_degree") == "bachelor"
    assert parsed.value("highest_degree_mentioned") == "master"
    later = parse_cv_text(text.replace(" (预计2023年6月毕业)", ""), created=date(2024, 5, 1))
    assert later.value("highest_degree") == "master"


def test_han_name_with_its_pinyin_beside_it():
    result = _cv(
        Ink(200, 50, "李小龙  Li Xiaolong", 24),
        Ink(180, 80, "lixl@example.cn | 13912345678"),
        Ink(60, 120, "工作经历", 15),
        Ink(60, 140, "2015.01 - 2017.12  某公司  工程师"),
    )
    assert _value(result, "name") == "李小龙"


# --- Japanese 履歴書 grids -------------------------------------------------------------------


def test_japanese_rirekisho_grid_name_cell_and_history_rows():
    result = _cv(
        Ink(43, 40, "履歴書", 14, bold=True),
        Ink(48, 68, "ふりがな"),
        Ink(140, 68, "やまだ  はなこ"),
        Ink(48, 84, "氏  名", 8),
        Ink(140, 96, "山田  花子", 16),
        Ink(48, 160, "電話", 8),
        Ink(120, 160, "090-1234-5678", 8),
        Ink(60, 300, "年  月  学歴・職歴", 8),
        Ink(55, 323, "2010  3  県立高校 卒業", 8),
        Ink(55, 343, "2010  4  東京大学 工学部 入学", 8),
        Ink(55, 363, "2014  3  東京大学 工学部 卒業", 8),
        Ink(55, 383, "2014  4  株式会社サンプル 入社", 8),
        Ink(55, 403, "2018  3  株式会社サンプル 退社", 8),
        created=date(2020, 1, 1),
    )
    assert _value(result, "name") == "山田花子"
    assert _value(result, "phone") == "09012345678"
    assert _value(result, "highest_degree") == "bachelor"
    assert _value(result, "years_experience") == 4.0


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("(123) 456-7890", "1234567890"),  # a placeholder is still the printed phone
        ("771-555-0100", "7715550100"),
        ("000-00-0000", "000000000"),
        ("+1 (234) 567 890", "+1234567890"),  # country code printed, number not valid
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_is_kept_as_printed_and_never_given_an_invented_country_code(printed, expected):
    result = _cv(
        Ink(30, 60, "Maria Example", 20, bold=True),
        Ink(30, 90, "Paris, France"),  # a sidebar city is no country code
        Ink(30, 105, printed),
        Ink(30, 120, "maria@example.org"),
        Ink(220, 60, "EXPERIENCE", 12, bold=True),
        Ink(220, 80, "Engineer, Acme  2015 - 2019"),
    )
    assert _value(result, "phone") == expected


def test_years_and_birth_dates_in_the_header_are_not_phones():
    result = _cv(
        Ink(60, 50, "Maria Example", 20, bold=True),
        Ink(400, 40, "1990/11/11"),
        Ink(60, 75, "Date of birth: 12.03.1988 | maria@example.org"),
        Ink(60, 120, "Experience", 13, bold=True),
        Ink(60, 140, "Engineer, Acme  2015.01 - 2019.12"),
    )
    assert _value(result, "phone") is None


def test_email_with_a_spaced_at_sign_is_rejoined():
    text = "Maria Example\nmaria.example @ example.org | Paris\n" + "x " * 30
    assert parse_cv_text(text).value("email") == "maria.example@example.org"


# --- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["Languages Known", "English, Hindi, Tamil"], {"English", "Hindi", "Tamil"}),
        (["Skills", "Languages: English, French,", "German and Spanish"], None),
        (["Skills", "Tools  Git, Docker", "Languages  English, Korean"], {"English", "Korean"}),
        (["Profile", "Engineer, fluent in French and Spanish."], {"French", "Spanish"}),
        (["Languages", "Python, Java, C++, SQL"], set()),
        (["Languages", "German  C1", "English  B2"], {"German", "English"}),
    ],
)
def test_languages_from_labels_tables_prose_and_not_programming(rows, expected):
    expected = expected if expected is not None else {"English", "French", "German", "Spanish"}
    text = "Maria Example\nmaria@example.org\n\n" + "\n".join(rows) + "\n"
    found = {item["language"] for item in parse_cv_text(text).value("languages")}
    assert found == expected


def test_languages_heading_with_only_flag_pictures_gives_no_languages():
    result = _cv(
        Ink(60, 60, "Maria Example", 20, bold=True),
        Ink(60, 110, "Languages", 14, bold=True),
        Ink(60, 200, "Experience", 14, bold=True),
        Ink(60, 220, "Engineer, Acme  2015 - 2019"),
    )
    assert _value(result, "languages") == []


def test_cefr_levels_are_kept():
    text = "Maria Example\n\nLanguages\nFrench: C1\nGerman - A2\n"
    assert parse_cv_text(text).value("languages") == [
        {"language": "French", "level": "C1"},
        {"language": "German", "level": "A2"},
    ]


# --- degrees in other languages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "completed", "mentioned"),
    [
        ("Licenciatura en Biología, UNAM, 2015", "bachelor", "bachelor"),
        ("Ingeniería de Sistemas, Universidad de Lima, 10mo ciclo", None, "bachelor"),
        ("Laurea in Lettere, Università di Bologna, 2001", "bachelor", "bachelor"),
        ("Laurea magistrale in Fisica, 2004", "master", "master"),
        ("Diplom-Ingenieur Maschinenbau, TU München, 2008", "master", "master"),
        ("컴퓨터공학 학사, 서울대학교, 2012", "bachelor", "bachelor"),
        ("Abitur, Goethe-Gymnasium, 2003", "secondary", "secondary"),
    ],
)
def test_degrees_named_in_other_languages(row, completed, mentioned):
    text = f"Maria Example\nmaria@example.org\n\nEducation\n{row}\n"
    parsed = parse_cv_text(text, created=date(2020, 1, 1))
    assert parsed.value("highest_degree") == completed
    assert parsed.value("highest_degree_mentioned") == mentioned


def test_degree_named_only_in_a_thesis_heading():
    text = "John Example\n\nEducation\n2010-2012 Degree, Institution\n\nMaster thesis\nTitle\n"
    assert parse_cv_text(text, created=date(2020, 1, 1)).value("highest_degree") == "master"


# --- paid work only --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "Summer Intern, Example Labs",
        "Practicante de ingeniería, Example SA",
        "Volunteer teacher, Example Foundation",
        "Becario de investigación, Example SA",
    ],
)
def test_internships_volunteering_and_practicante_are_not_paid_work(role):
    text = (
        "Maria Example\nmaria@example.org\n\nExperience\n"
        f"{role}  01/2018 - 12/2018\nAnalyst, Acme  01/2019 - 12/2020\n"
    )
    assert parse_cv_text(text, created=date(2021, 1, 1)).value("years_experience") == 2.0


def test_only_internships_means_no_paid_experience_yet():
    text = "Maria Example\n\nExperience\nResearch Intern, Example Labs  06/2019 - 08/2019\n"
    assert parse_cv_text(text, created=date(2020, 1, 1)).value("years_experience") == 0.0


def test_a_job_held_during_a_bachelors_degree_is_a_student_job():
    text = (
        "Maria Example\n\nEducation\nBSc in Computer Science  09/2014 - 06/2018\n\n"
        "Experience\nSales assistant, Shop  01/2016 - 12/2017\nEngineer, Acme  07/2018 - 06/2020\n"
    )
    assert parse_cv_text(text, created=date(2021, 1, 1)).value("years_experience") == 2.0


def test_projects_listed_with_dates_are_not_jobs():
    text = (
        "Maria Example\n\n项目经历\n2019.01 - 2020.06  智能调度系统  个人项目\n\n"
        "Experience\nEngineer, Acme  07/2018 - 06/2020\n"
    )
    assert parse_cv_text(text, created=date(2021, 1, 1)).value("years_experience") == 2.0


# --- found on the generated set --------------------------------------------------------------


def test_digits_of_an_email_address_are_not_a_phone():
    result = _cv(
        Ink(56, 40, "Wang Xiaoming", 24, bold=True),
        Ink(56, 80, "3078798803@126.com"),
        Ink(56, 93, "131 2345 2415"),
        Ink(56, 140, "Experience", 12, bold=True),
        Ink(56, 160, "Officer, Example Ltd  2017.08 - 2020.01"),
    )
    assert _value(result, "email") == "3078798803@126.com"
    assert _value(result, "phone") == "13123452415"


def test_a_title_ending_with_a_dot_above_the_address_is_not_part_of_it():
    result = _cv(
        Ink(150, 40, "DMITRY IVANOV, PH.D.", 18, bold=True),
        Ink(58, 65, "ivanov.dmitry@mail.ru | +7 912 345-57-60"),
        Ink(56, 110, "Experience", 12, bold=True),
        Ink(56, 130, "Professor, Example University  2019 - 2020"),
    )
    assert _value(result, "email") == "ivanov.dmitry@mail.ru"
    assert _value(result, "name") == "DMITRY IVANOV"


def test_right_aligned_dates_and_a_contact_block_beside_the_name_are_not_a_sidebar():
    inks = [
        Ink(56, 40, "Wu Xiaoming", 22),
        Ink(360, 40, "wu.xiaoming@example.com", 9),
        Ink(360, 52, "+86 131 2345 1547", 9),
        Ink(360, 64, "Beijing, China", 9),
        Ink(360, 76, "github.com/wuxm", 9),
        Ink(56, 140, "Experience", 11.5, bold=True),
    ]
    jobs = [("Outreach Coordinator", "2017.12 - 2020.01"), ("Officer", "2013.06 - 2017.08")]
    for n, (title, when) in enumerate(jobs):
        inks.append(Ink(56, 160 + 40 * n, title, 10.5, bold=True))
        inks.append(Ink(539, 160 + 40 * n, when, 10, align="right"))
        inks.append(Ink(56, 174 + 40 * n, "Example Organisation, Nairobi"))
    result = _cv(*inks, created=date(2020, 2, 1))
    assert _value(result, "years_experience") == 6.4


def test_a_two_letter_given_name_above_the_family_name_is_joined():
    result = _cv(
        Ink(56, 40, "Li", 24),
        Ink(56, 70, "XIN", 24, bold=True),
        Ink(56, 100, "Project Coordinator", 12),
        Ink(56, 140, "Experience", 12, bold=True),
        Ink(56, 160, "Officer, Example Ltd  2017.08 - 2020.01"),
    )
    assert _value(result, "name").casefold() == "li xin"


def test_letter_spaced_small_caps_heading_is_read_as_words():
    # "DOCTORAL DEGREE" in small caps: each word's first letter larger, letter-spaced
    from reportlab.pdfbase.pdfmetrics import stringWidth

    inks, x = [], 60.0
    for word in ("DOCTORAL", "DEGREE"):
        for n, letter in enumerate(word):
            size = 12 if n == 0 else 9
            inks.append(Ink(x, 120, letter, size))
            x += stringWidth(letter, "Helvetica", size) + 1.6
        x += 7
    result = _cv(
        Ink(60, 50, "Maria Example", 22, bold=True),
        Ink(60, 90, "Education", 13, bold=True),
        *inks,
        Ink(60, 140, "University of Example, 2015"),
    )
    assert "DOCTORAL DEGREE" in _value(result, "text")
    assert _value(result, "highest_degree") == "phd"


@pytest.mark.parametrize(
    ("row", "level"),
    [
        ("2012.09 - 2016.06 武汉大学 化学 学士", "bachelor"),
        ("2016.09 - 2019.06 中国科学院 研究生", "master"),
        ("2019.09 - 2023.06 北京大学 博士", "phd"),
    ],
)
def test_chinese_degree_words(row, level):
    text = f"王小明\nwangxm@example.cn | 13800138000\n\n教育背景\n{row}\n"
    assert parse_cv_text(text, created=date(2024, 1, 1)).value("highest_degree") == level


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("英语六级, 普通话", {"English", "Chinese"}),
        ("CET-4, 日语 N2", {"English", "Japanese"}),
        ("雅思 7.0", {"English"}),
    ],
)
def test_chinese_language_certificates(row, expected):
    text = f"王小明\nwangxm@example.cn | 13800138000\n\n语言能力\n{row}\n"
    found = {item["language"] for item in parse_cv_text(text).value("languages")}
    assert found == expected
