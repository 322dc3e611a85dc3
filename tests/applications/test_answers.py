"""The answers on HR's application page read as question and answer in words, with a knock-out's
result in words; the stored shape is the one `answers_check` writes."""

from django.template import Context, Template
from django.utils import translation

from applications.answers import AnswerRow, answer_rows

STORED = {
    "12": {"question": "Years of relevant experience", "answer": 2.0,
           "knockout": {"required": "3", "met": False}},
    "9": {"question": "Do you hold a master's degree?", "answer": "yes",
          "knockout": {"required": "yes", "met": True}},
    "10": {"question": "Working language", "answer": "French"},
    "11": {"question": "Years abroad", "answer": 2.5},
}  # fmt: skip


def test_rows_in_the_forms_order_with_answers_and_knockouts_in_words():
    with translation.override("en"):
        rows = answer_rows(STORED)
    assert rows == [
        AnswerRow("Do you hold a master's degree?", "Yes", "Knock-out: needs yes — met", True),
        AnswerRow("Working language", "French"),
        AnswerRow("Years abroad", "2.5"),
        AnswerRow(
            "Years of relevant experience", "2", "Knock-out: needs at least 3 — not met", False
        ),
    ]


def test_a_no_answer_and_an_unknown_result():
    stored = {"3": {"question": "Willing to relocate?", "answer": "no",
                    "knockout": {"required": "yes"}}}  # fmt: skip
    with translation.override("en"):
        assert answer_rows(stored) == [
            AnswerRow("Willing to relocate?", "No", "Knock-out: needs yes", None)
        ]


def test_an_older_plain_answer_is_shown_as_it_is():
    assert answer_rows({"Why us?": "Your mission."}) == [AnswerRow("Why us?", "Your mission.")]
    assert answer_rows({}) == [] and answer_rows(None) == []


def test_the_page_shows_no_python_dicts():
    template = Template(
        "{% load application_answers %}{% for row in answers|answers_in_words %}"
        "<dt>{{ row.question }}</dt><dd>{{ row.answer }} {{ row.knockout }}</dd>{% endfor %}"
    )
    with translation.override("en"):
        html = template.render(Context({"answers": STORED}))
    assert "{" not in html and "True" not in html and "&#x27;question&#x27;" not in html
    assert (
        "<dt>Do you hold a master&#x27;s degree?</dt><dd>Yes Knock-out: needs yes — met</dd>"
        in (html)
    )
