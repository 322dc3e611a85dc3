"""The small world the schema run talks to: one of each row an id in a path can name, made
through the services, so that generated requests reach real objects as well as missing ones."""

import datetime as dt
from zoneinfo import ZoneInfo

from rest_framework.authtoken.models import Token

from applications import workflow
from applications.models import PipelineTemplate
from applications.services import status_token_issue
from interviews import services as interview_services
from programs import services as programme_services
from programs.models import Programme
from tests.factories import CandidateFactory, UserFactory, make_application, make_job
from tests.programs.conftest import accepted_application

HELD = dt.datetime(2019, 2, 14, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def seed() -> dict[str, object]:
    """The seeded rows' ids by the collection path that names them, and the identities' tokens."""
    hr = UserFactory.create(username="schema-hr", groups=["hr"])
    interviewer = UserFactory.create(username="schema-interviewer", groups=["interviewer"])
    colleague = UserFactory.create(username="schema-colleague", groups=["interviewer"])
    job = make_job(title="Programme officer")
    rounds = interview_services.rounds_ensure_for_job(job=job, actor=hr)
    application = make_application(
        job=job, candidate=CandidateFactory.create(full_name="Priya Menon")
    )
    workflow.move(
        application,
        to_stage=rounds[0].stage,
        actor=hr,
        override=True,
        reason="to the interviews",
        notify=False,
    )
    interview = interview_services.interview_schedule(
        actor=hr,
        application=application,
        round=rounds[0],
        starts_at=HELD,
        ends_at=HELD + dt.timedelta(hours=1),
        time_zone="Asia/Shanghai",
        panel=[interviewer, colleague],
        venue="Secretariat, meeting room 2",
        notify=False,
    )
    expert = accepted_application(hr=hr, candidate=CandidateFactory.create(nationality="DE"))
    pifi = Programme.objects.get(code="pifi")
    case = programme_services.case_open(
        application=expert,
        actor=hr,
        programme=pifi,
        category=pifi.categories.get(code="visiting-scientist"),
        host_institute="Institute of Atmospheric Physics, CAS",
    )
    seat = interview.panel.get(interviewer=interviewer)
    return {
        "tokens": {
            "hr": Token.objects.create(user=hr).key,
            "interviewer": Token.objects.create(user=interviewer).key,
        },
        "ids": {
            "/api/jobs/": job.pk,
            "/api/stages/": rounds[0].stage_id,
            "/api/candidates/": application.candidate_id,
            "/api/applications/": application.pk,
            "/api/pipelines/": PipelineTemplate.objects.values_list("pk", flat=True).first(),
            "/api/interviews/interviews/": interview.pk,
            "/api/interviews/rounds/": rounds[0].pk,
            "/api/interviews/panel-members/": seat.pk,
            "/api/programs/cases/": case.pk,
            "/api/programs/programmes/": pifi.pk,
            "/api/programs/documents/": case.documents.values_list("pk", flat=True).first(),
            "/api/screening/criteria/": job.pk,
            "/api/public/jobs/": job.reference,
            "/api/public/status/": status_token_issue(application=application),
        },
    }
