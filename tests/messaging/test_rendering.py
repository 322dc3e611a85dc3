"""The template language: bare {placeholders}, refused when unknown or malformed, values that
cannot break a header or a line."""

import pytest

from messaging import rendering


def test_placeholders_are_replaced_and_doubled_braces_are_literal():
    text = rendering.render("Dear {name}, {{not a placeholder}}", {"name": "Ada"})
    assert text == "Dear Ada, {not a placeholder}"


def test_a_newline_in_a_name_becomes_a_space():
    assert rendering.render("Dear {name},", {"name": "Ada\nLovelace\x07"}) == "Dear Ada Lovelace,"


def test_a_multi_line_value_keeps_its_lines_but_no_other_control_character():
    text = rendering.render("{details}", {"details": "a\r\nb\x00c"}, multiline={"details"})
    assert text == "a\nb c"


def test_a_subject_is_always_one_line():
    subject = rendering.render_subject("About\n{job}", {"job": "Officer\r\nBcc: x@evil"})
    assert "\n" not in subject and "\r" not in subject
    assert subject == "About Officer Bcc: x@evil"


def test_unknown_placeholders_are_named_once_in_order():
    assert rendering.unknown_placeholders("{name} {nmae} {x} {nmae}", {"name"}) == ["nmae", "x"]


@pytest.mark.parametrize("text", ["{a.b}", "{a[0]}", "{a!r}", "{a:>10}", "{0}", "{}", "{", "}"])
def test_anything_but_a_bare_name_is_refused(text):
    with pytest.raises(rendering.TemplateSyntaxError):
        rendering.placeholders(text)


def test_one_line_replaces_exactly_the_control_and_line_separator_characters():
    import sys
    import unicodedata

    controls = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in {"Cc", "Zl", "Zp"}
    ]
    assert all(rendering.one_line(f"a{c}b") == "a b" for c in controls)
    others = "".join(
        chr(c)
        for c in range(0x3100)
        if unicodedata.category(chr(c)) not in {"Cc", "Zl", "Zp", "Cs"} and chr(c) not in " \t"
    )
    assert rendering.one_line(others) == others
