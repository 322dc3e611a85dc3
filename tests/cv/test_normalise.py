"""Text normalisation: letter-spaced capitals collapse, including two-letter words."""

import pytest

from applications.cv.layout import normalise_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("W U   L E I", "WU LEI"),
        ("N G U Y Ễ N   T H U   H À", "NGUYỄN THU HÀ"),
        ("W O R K   E X P E R I E N C E", "WORK EXPERIENCE"),
        ("A B testing", "A B testing"),
        ("ﬁeld work", "field work"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected
