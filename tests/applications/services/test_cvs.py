"""Other apps hear, after commit, that a CV was read or corrected (the CV listener registry)."""

import pytest

from applications import services
from applications.services import cvs
from tests.applications.cv_support import make_cv, tiny_pdf
from tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    """An empty registry with one listener that notes the CV ids it hears."""
    monkeypatch.setattr(cvs, "_cv_listeners", [])
    calls: list[int] = []
    services.register_cv_listener(calls.append)
    services.register_cv_listener(calls.append)  # registered once only
    return calls


def test_listeners_hear_a_parse_after_commit(heard, django_capture_on_commit_callbacks):
    cv = services.cv_attach(
        application=make_application(),
        name="cv.pdf",
        data=tiny_pdf("Jane Doe", "jane@example.org"),
        enqueue_parse=False,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cv_parse(cv_id=cv.pk)
    assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [cv.pk]


def test_listeners_hear_a_correction(heard, hr_user, django_capture_on_commit_callbacks):
    cv = make_cv(make_application(), degree="bachelor")
    with django_capture_on_commit_callbacks(execute=True):
        services.cv_correct(cv=cv, actor=hr_user, field="highest_degree", value="master")
    assert heard == [cv.pk]


def test_a_refused_correction_is_not_heard(heard, hr_user, django_capture_on_commit_callbacks):
    from ats.errors import DomainError

    cv = make_cv(make_application())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        services.cv_correct(cv=cv, actor=hr_user, field="highest_degree", value="grand master")
    assert heard == []
