"""A hired candidate's journey, clicked through with every e-mail on: one message per event,
none of them twice (the demo's hired candidate once received 11, two of them identical)."""

import datetime as dt
import uuid
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services as application_services
from applications import workflow
from applications.models import StageKind
from interviews import services as interview_services
from messaging.models import OutboxMessage
from screening import services as screening_services
from tests.applications.cvfiles import good_pdf
from tests.factories import make_job
from tests.screening.support import exam_for

pytestmark = pytest.mark.django_db

SOON = dt.datetime(2031, 1, 10, 2, 0, tzinfo=dt.UTC)


def _stage(application, kind, nth=0):
    return list(application.job.stages.filter(kind=kind).order_by("position"))[nth]


def _override(application, stage, hr):
    return workflow.move(application, to_stage=stage, actor=hr, override=True, reason="journey")


def test_a_hired_candidate_gets_one_message_per_event(hr_user, interviewer, other_interviewer):
    job = make_job(closes_on=dt.date(2099, 1, 1))
    application = application_services.application_submit(
        job=job,
        full_name="Ana Clara Silva",
        email="ana@example.org",
        nationality="BR",
        cv_file=SimpleUploadedFile("cv.pdf", good_pdf(11)),
        consent=True,
        submission_key=uuid.uuid4(),
    ).application
    workflow.move(application, to_stage=_stage(application, StageKind.SCREENING), actor=hr_user)
    exam = exam_for(job, hr_user, starts_at=SOON)
    _override(application, _stage(application, StageKind.EXAM), hr_user)
    screening_services.exam_invite(exam=exam, actor=hr_user, applications=[application])
    rounds = interview_services.rounds_ensure_for_job(job=job, actor=hr_user)
    for number, round_ in enumerate(rounds):
        _override(application, round_.stage, hr_user)
        start = SOON + dt.timedelta(days=7 * (number + 1))
        interview_services.interview_schedule(
            actor=hr_user,
            application=application,
            round=round_,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            time_zone="Asia/Shanghai",
            panel=[interviewer, other_interviewer],
            venue="Room 2",
            notify=True,
        )
    _override(application, _stage(application, StageKind.OFFER), hr_user)
    _override(application, _stage(application, StageKind.HIRED), hr_user)

    to_candidate = OutboxMessage.objects.filter(to="ana@example.org").order_by("id")
    kinds = [m.kind for m in to_candidate]
    assert kinds == [
        "submission_received",
        "stage_entered",  # screening
        "exam_invitation",  # entering the exam stage itself says nothing more
        *["interview_invitation"] * len(rounds),  # nor do the interview stages
        "offer",
        "stage_entered",  # joined
    ]
    bodies = Counter((m.subject, m.body) for m in to_candidate)
    assert max(bodies.values()) == 1, "two identical messages"
    # The panel member hears of each interview once.
    assert OutboxMessage.objects.filter(to=interviewer.email).count() == len(rounds)
