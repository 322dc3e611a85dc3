"""Job openings and their postings (applications/services/jobs.py)."""

import datetime as dt

import pytest

from applications import services
from applications.models import (
    Posting,
)
from ats.errors import DomainError, InvalidInput
from tests.factories import channel, make_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def test_posting_add_and_remove(hr_user):
    job = make_job()
    posting = services.posting_add(
        job=job,
        actor=hr_user,
        channel=channel("linkedin"),
        posted_on=dt.date(2018, 9, 3),
        url=" https://www.linkedin.com/jobs/ ",
    )
    assert posting.url == "https://www.linkedin.com/jobs/"
    services.posting_remove(posting=posting, actor=hr_user)
    assert not Posting.objects.filter(job=job).exists()


def test_duplicate_posting_is_a_clear_error(hr_user):
    job = make_job()
    services.posting_add(
        job=job, actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
    )
    with pytest.raises(DomainError) as caught:
        services.posting_add(
            job=job, actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
        )
    assert caught.value.code == "duplicate_posting"
    assert caught.value.field == "posted_on"
    assert "already posted on LinkedIn" in caught.value.message
    assert Posting.objects.filter(job=job).count() == 1


def test_posting_with_a_bad_link_is_refused(hr_user):
    job = make_job()
    with pytest.raises(InvalidInput) as caught:
        services.posting_add(
            job=job,
            actor=hr_user,
            channel=channel("linkedin"),
            posted_on=dt.date(2018, 9, 3),
            url="not a link",
        )
    assert "url" in caught.value.errors
    assert not Posting.objects.exists()
