"""Helpers of the screening tests: jobs, applications in a stage, CVs with parse results."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from applications import workflow
from applications.models import (
    DEGREE_ORDER,
    Application,
    Candidate,
    Channel,
    CVDocument,
    PipelineTemplate,
)
from screening import services
from screening.models import Evaluation, ScreeningDecision, SectionScore, Sitting
from tests.factories import CandidateFactory, make_application, make_job

EXAM_START = dt.datetime(2031, 1, 26, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing


def expert_job(**fields):
    return make_job(
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        is_foreign_expert_call=True,
        **fields,
    )


def in_stage(application, kind: str, hr, *, at=None):
    """Moved by HR's override straight into the job's stage of this kind (no gates asked)."""
    stage = application.job.stages.filter(kind=kind).order_by("position").first()
    if application.stage_id == stage.pk:
        return application
    if stage.position == application.stage.position + 1 and kind == "screening":
        return workflow.move(application, to_stage=stage, actor=hr, notify=False, at=at)
    return workflow.move(
        application,
        to_stage=stage,
        actor=hr,
        override=True,
        reason="test set-up",
        notify=False,
        at=at,
    )


def screening_application(hr, *, job=None, candidate=None, **kw):
    application = make_application(job=job or make_job(), candidate=candidate, **kw)
    return in_stage(application, "screening", hr)


def field(value, source="page 1: …", confidence=0.9):
    return {"value": value, "confidence": confidence, "source": source}


def make_cv(
    application,
    *,
    degree=None,
    degree_source="page 1: MSc Physics, Peking University, 2012",
    years=None,
    languages=(),
    skills=(),
    text="",
    status=CVDocument.ParseStatus.PARSED,
):
    """A stored CV with a parse result (no parse task, no listeners)."""
    data = b"%PDF-1.4 test"
    parsed = {
        "name": field(application.candidate.full_name, "page 1: the name line"),
        "email": field(application.candidate.email),
        "phone": field(application.candidate.phone),
        "highest_degree": field(degree, degree_source),
        "years_experience": field(years, "page 1: Programme Officer, 2013 - present"),
        "languages": field([{"language": n, "level": "fluent"} for n in languages], "page 1: L"),
        "skills": field(list(skills), "page 1: Skills"),
    }
    return CVDocument.objects.create(
        application=application,
        file=ContentFile(data, name="upload"),
        original_name="cv.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        parse_status=status,
        parsed=parsed if status == CVDocument.ParseStatus.PARSED else {},
        text=text,
        parsed_at=timezone.now(),
        highest_degree=degree or "",
        degree_rank=DEGREE_ORDER.get(degree),
        years_experience=Decimal(str(years)) if years is not None else None,
    )


def exam_for(job, hr, *, sections=(("Section A", 40), ("Section B", 60)), **fields):
    defaults = {
        "title": "Written examination",
        "starts_at": EXAM_START,
        "time_zone": "Asia/Shanghai",
        "duration_minutes": 180,
        "venue": "Secretariat, Room 301",
        "pass_mark": Decimal(60),
    }
    defaults.update(fields)
    return services.exam_save(
        job=job,
        actor=hr,
        sections=[{"name": n, "max_points": p} for n, p in sections],
        **defaults,
    )


def invited(exam, hr, *, count=1, candidates=None):
    """`count` applications moved into the exam stage and invited (no e-mails)."""
    applications = []
    for i in range(count):
        candidate = candidates[i] if candidates else CandidateFactory()
        applications.append(
            in_stage(make_application(job=exam.job, candidate=candidate), "exam", hr)
        )
    return services.exam_invite(
        exam=exam,
        actor=hr,
        applications=applications,
        notify=False,
        at=EXAM_START - dt.timedelta(days=10),
    )


def bulk_applications(job, kind: str, count: int, *, hr=None) -> list:
    """`count` applications placed straight into the job's stage of `kind` with bulk inserts
    (for query-count tests at a few hundred rows; no events, no workflow)."""
    stage = job.stages.get(kind=kind)
    start = Candidate.objects.count()
    candidates = Candidate.objects.bulk_create(
        Candidate(
            full_name=f"Bulk Person {start + i}",
            email=f"bulk{start + i}@example.net",
            email_normalised=f"bulk{start + i}@example.net",
            nationality="DE",
        )
        for i in range(count)
    )
    source = Channel.objects.get(slug="careers")
    now = timezone.now()
    Application.objects.bulk_create(
        Application(candidate=c, job=job, source=source, stage=stage, submitted_at=now)
        for c in candidates
    )
    return list(Application.objects.filter(job=job, stage=stage).order_by("id"))


def bulk_screening(job, count: int, hr) -> list:
    """Applications in screening, each with an evaluation and a decision."""
    applications = bulk_applications(job, "screening", count)
    Evaluation.objects.bulk_create(
        Evaluation(
            application=a,
            results=[
                {
                    "kind": "degree",
                    "key": "degree",
                    "target": "master",
                    "required": True,
                    "outcome": "met",
                    "found": "master",
                    "evidence": "page 1: MSc Physics, 2012",
                    "source": "cv",
                }
            ],
            recommendation="pass",
            score=50,
            criteria_version=1,
        )
        for a in applications
    )
    ScreeningDecision.objects.bulk_create(
        ScreeningDecision(application=a, reviewer=hr, decision="hold") for a in applications[::2]
    )
    return applications


def bulk_sittings(exam, count: int) -> list:
    """Applications in the exam stage, invited, present, with a first mark in every section."""
    applications = bulk_applications(exam.job, "exam", count)
    sittings = Sitting.objects.bulk_create(
        Sitting(exam=exam, application=a, candidate_number=f"{1000 + i}", attendance="present")
        for i, a in enumerate(applications)
    )
    sittings = list(Sitting.objects.filter(exam=exam))
    sections = list(exam.sections.all())
    SectionScore.objects.bulk_create(
        SectionScore(sitting=s, section=section, marker="first", points=Decimal(i % 40))
        for i, s in enumerate(sittings)
        for section in sections
    )
    return sittings
