"""A candidate written by something else between the submission's look-up and its insert (HR
entering the same person): the first try fails on the unique address, the second finds them."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Application, Candidate
from applications.services import submission
from tests.applications.cvfiles import good_pdf, upload
from tests.factories import CandidateFactory, make_job

pytestmark = pytest.mark.django_db


def test_candidate_written_meanwhile_gets_the_application(anon_api, private_media, monkeypatch):
    job = make_job(reference="SEC-2026-08", closes_on=dt.date(2099, 1, 1))
    entered_by_hr = CandidateFactory(full_name="Lan Nguyen", email="lan@example.vn")
    looked_up = submission._person_on_file
    calls = []

    def first_misses(job, email):
        calls.append(email)
        return (None, None) if len(calls) == 1 else looked_up(job, email)

    monkeypatch.setattr(submission, "_person_on_file", first_misses)
    data = {
        "full_name": "Lan Nguyen",
        "email": "Lan@example.vn",
        "consent": "true",
        "cv": upload(good_pdf()),
    }
    response = anon_api.post(
        reverse("public-apply", args=[job.reference]), data, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert len(calls) == 2
    assert Candidate.objects.count() == 1
    assert Application.objects.get().candidate == entered_by_hr
