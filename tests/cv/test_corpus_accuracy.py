"""Acceptance targets of the CV parser, measured on the labelled generated corpus."""

import functools
import unicodedata

from applications.cv import parse_cv
from demo.cv_samples import LANGUAGES, TEXT_LAYOUTS, labelled_corpus


def _fold(text):
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold()).replace("đ", "d")
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


@functools.lru_cache(maxsize=1)
def _results():
    return [
        (labels, layout, parse_cv(data).as_dict()) for _, layout, data, labels in labelled_corpus()
    ]


def _accuracy(check) -> float:
    results = _results()
    return sum(1 for labels, _, got in results if check(labels, got)) / len(results)


def test_corpus_covers_every_layout_in_every_language():
    corpus = labelled_corpus()
    assert len(corpus) >= 48
    layouts = {layout for _, layout, _, _ in corpus}
    assert layouts == set(TEXT_LAYOUTS)
    assert len(LANGUAGES) == 6


def test_email_accuracy_at_least_98_percent():
    assert _accuracy(lambda lab, got: got["email"]["value"] == lab["email"]) >= 0.98


def test_phone_accuracy_at_least_98_percent():
    assert _accuracy(lambda lab, got: got["phone"]["value"] == lab["phone"]) >= 0.98


def test_name_accuracy_at_least_95_percent():
    assert _accuracy(lambda lab, got: _fold(got["name"]["value"]) == _fold(lab["name"])) >= 0.95


def test_highest_degree_accuracy_at_least_90_percent():
    assert (
        _accuracy(lambda lab, got: got["highest_degree"]["value"] == lab["highest_degree"]) >= 0.90
    )


def test_highest_degree_mentioned_accuracy_at_least_90_percent():
    def same(lab, got):
        return got["highest_degree_mentioned"]["value"] == lab["highest_degree_mentioned"]

    assert _accuracy(same) >= 0.90


def test_years_of_experience_within_one_year_for_80_percent():
    def close(lab, got):
        value = got["years_experience"]["value"]
        return value is not None and abs(value - lab["years_experience"]) <= 1.0

    assert _accuracy(close) >= 0.80


def test_languages_f1_at_least_90_percent():
    def f1(lab, got):
        found = {item["language"] for item in got["languages"]["value"]}
        tp = len(found & lab["languages"])
        return 0.0 if not tp else 2 * tp / (len(found) + len(lab["languages"]))

    results = _results()
    assert sum(f1(lab, got) for lab, _, got in results) / len(results) >= 0.90


def test_no_contact_cvs_never_get_an_invented_email_or_phone():
    for _, layout, got in _results():
        if layout == "no_contact":
            assert got["email"]["value"] is None
            assert got["phone"]["value"] is None
