"""Demo data of screening and the exam: the criteria, reviewer decisions and the written exam
of the demo postings, recorded through the services while the demo walks them through.

SEC-2018-12: blind screening against a master's degree, two years and English; of the 24
screened, 15 pass. Written examination on Saturday 26 January 2019, 09:00 Beijing time, three
sections, pass mark 60 of 100: 1 absent, 6 below the pass mark, 8 go on to interview round 1.
FE-2018-09 (no exam stage): a PhD, English, and a nationality other than China's (PIFI).
The open Science Communication Officer job: blind screening against a bachelor's degree,
three years and English, a pass and a hold among those waiting; its examination on a Saturday
about ten days after the load, two invited.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q

from applications import demo as applications_demo
from applications.models import Application, JobOpening, JobStage
from screening import services
from screening.models import Exam, MarkerRole, ScreeningCriteria

BEIJING = dt.timezone(dt.timedelta(hours=8))

CRITERIA: dict[str, dict[str, Any]] = {
    applications_demo.STAFF_REF: {
        "min_degree": "master",
        "min_years_experience": Decimal(2),
        "required_languages": ["English"],
        "desired_languages": ["Chinese", "French"],
        "desired_skills": ["Project management", "Grant writing", "Scientific writing"],
        "blind": True,
    },
    applications_demo.EXPERT_REF: {
        "min_degree": "phd",
        "required_languages": ["English"],
        "desired_skills": ["Python", "Data analysis", "Scientific writing", "GIS"],
        "nationality_rule": "not_host",
        "host_country": "CN",
    },
}

FAIL_NOTES = [
    "No master's degree.",
    "Less than two years of relevant experience.",
    "Experience is not in programme management or international cooperation.",
    "English not demonstrated at the level the post needs.",
    "Degree field unrelated to the post.",
]
HOST_NATIONAL_NOTE = "PIFI is for non-Chinese nationals."

EXAM: dict[str, Any] = {
    "title": "Written examination — Programme Officer",
    "starts_at": dt.datetime(2019, 1, 26, 9, 0, tzinfo=BEIJING),
    "time_zone": "Asia/Shanghai",
    "duration_minutes": 180,
    "venue": "Secretariat, 16 Lincui Road, Chaoyang District, Beijing — Meeting room 301",
    "instructions": "Bring an identity document. Dictionaries are not allowed.",
    "pass_mark": Decimal(60),
    "double_marking": True,
    "discrepancy_threshold": Decimal(5),
}
SECTIONS = [
    ("A. International science cooperation", Decimal(30)),
    ("B. Programme planning case study", Decimal(40)),
    ("C. Writing in English", Decimal(30)),
]
INVITED_ON = dt.datetime(2019, 1, 16, 10, 0, tzinfo=BEIJING)
MARKED_ON = dt.datetime(2019, 1, 27, 16, 0, tzinfo=BEIJING)


def _decided(day: dt.date, rng: random.Random) -> dt.datetime:
    """Office hours in Beijing, one to three days before HR acted on the decision."""
    day -= dt.timedelta(days=rng.randint(1, 3))
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=BEIJING
    )


def _criteria(job: JobOpening, hr: User) -> None:
    """Once per job, before its first screening decision."""
    if ScreeningCriteria.objects.filter(job=job).exists():
        return
    fields = CRITERIA.get(job.reference)
    if fields is not None:
        services.criteria_save(job=job, actor=hr, deadline=job.closes_on, **fields)


def screening_hook(
    *,
    application: Application,
    stage: JobStage,
    passed: bool,
    reason: str,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    """A reviewer's pass for those who move on, a fail with a note for those rejected."""
    _criteria(application.job, hr)
    if passed:
        services.decision_record(
            application=application, actor=hr, decision="pass", at=_decided(when, rng)
        )
        return
    host_national = (
        application.job.reference == applications_demo.EXPERT_REF
        and application.candidate.nationality == "CN"
    )
    services.decision_record(
        application=application,
        actor=hr,
        decision="fail",
        note=HOST_NATIONAL_NOTE if host_national else rng.choice(FAIL_NOTES),
        at=_decided(when, rng),
    )


def _exam(job: JobOpening, hr: User) -> Exam:
    exam = Exam.objects.filter(job=job).first()
    if exam is None:
        # A past examination recorded for history: nothing may be sent for it.
        exam = services.exam_save(
            job=job,
            actor=hr,
            sections=[{"name": name, "max_points": points} for name, points in SECTIONS],
            notify=False,
            **EXAM,
        )
    return exam


def _split(total: int, sections: list, rng: random.Random) -> list[Decimal]:
    """`total` points spread over the sections in proportion, each within its maximum."""
    maximum = sum(s.max_points for s in sections)
    marks = []
    left = Decimal(total)
    for n, section in enumerate(sections):
        if n == len(sections) - 1:
            share = left
        else:
            # Markers give whole and half points.
            share = (2 * Decimal(total) * section.max_points / maximum).quantize(Decimal(1)) / 2
            share += Decimal(rng.choice([-2, -1, 0, 1, 2]))
        share = max(Decimal(0), min(section.max_points, share))
        marks.append(share)
        left -= share
    # What the last section could not hold goes back to the others.
    for n, section in enumerate(sections):
        room = section.max_points - marks[n]
        if left > 0 and room > 0:
            extra = min(room, left)
            marks[n] += extra
            left -= extra
    return marks


def exam_hook(
    *,
    application: Application,
    stage: JobStage,
    passed: bool,
    reason: str,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    """The invitation, attendance and marks that make the exam gate let the application through
    (at or above the pass mark), or explain its rejection (absent, or below the pass mark)."""
    exam = _exam(application.job, hr)
    (sitting,) = services.exam_invite(
        exam=exam, actor=hr, applications=[application], at=INVITED_ON, notify=False
    )
    if reason == "no-show":
        services.sitting_attendance_set(
            sitting=sitting, actor=hr, attendance="absent", at=exam.starts_at
        )
        return
    services.sitting_attendance_set(
        sitting=sitting, actor=hr, attendance="present", at=exam.starts_at
    )
    total = rng.randint(61, 88) if passed else rng.randint(34, 57)
    sections = list(exam.sections.order_by("position"))
    first = _split(total, sections, rng)
    entries = [
        services.ScoreEntry(sitting, section, MarkerRole.FIRST, points)
        for section, points in zip(sections, first, strict=True)
    ]
    # The second marker reads every script of section B (the case study) and stays within the
    # allowed difference, or the gate would ask for an agreed mark.
    section_b = sections[1]
    second = max(Decimal(0), min(section_b.max_points, first[1] + rng.choice([-2, -1, 0, 1, 2])))
    entries.append(services.ScoreEntry(sitting, section_b, MarkerRole.SECOND, second))
    services.marks_save(exam=exam, actor=hr, entries=entries, at=MARKED_ON)


# --- the open job: work in progress -------------------------------------------------------

# Blind: the post asks for nothing a name or a nationality would tell.
LIVE_CRITERIA: dict[str, Any] = {
    "min_degree": "bachelor",
    "min_years_experience": Decimal(3),
    "required_languages": ["English"],
    "desired_languages": ["Chinese"],
    "desired_skills": [
        "Scientific writing",
        "Press releases",
        "Social media",
        "Newsletter",
        "Event management",
        "Adobe InDesign",
    ],
    "blind": True,
}
# Nothing in a blind reviewer's note may say who the applicant is.
LIVE_NOTES = {
    "pass": [
        "Strong writing samples; years in a research institute's press office.",
        "Meets every requirement; the newsletter samples read well.",
        "Clear science writing for the public; social media experience.",
    ],
    "hold": ["The portfolio link in the CV does not open; writing samples asked for by e-mail."],
}
LIVE_EXAM: dict[str, Any] = {
    "title": "Written examination — Science Communication Officer",
    "time_zone": "Asia/Shanghai",
    "duration_minutes": 150,
    "venue": "Secretariat, 16 Lincui Road, Chaoyang District, Beijing — Meeting room 301",
    "instructions": "Bring an identity document. Computers are provided, without internet access.",
    "pass_mark": Decimal(60),
    "double_marking": True,
    "discrepancy_threshold": Decimal(5),
}
LIVE_SECTIONS = [
    ("A. A news story from a research paper", Decimal(40)),
    ("B. Social media posts and a newsletter item", Decimal(30)),
    ("C. Editing and proofreading in English", Decimal(30)),
]


def _live_criteria(job: JobOpening, hr: User) -> None:
    if not ScreeningCriteria.objects.filter(job=job).exists():
        services.criteria_save(job=job, actor=hr, deadline=job.closes_on, **LIVE_CRITERIA)


def live_screening_hook(
    *,
    application: Application,
    stage: JobStage,
    scene: str,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> None:
    """The job's criteria, and HR's pass or hold on the working day before `now` (nothing for
    an application still waiting for a decision)."""
    _live_criteria(application.job, hr)
    if not scene:
        return
    day = applications_demo.working_day(now.astimezone(BEIJING).date(), -1)
    at = applications_demo.beijing_time(day, rng.randint(9, 16), rng.randint(0, 59))
    if not entered < at < now:
        at = entered + (now - entered) / 2
    services.decision_record(
        application=application, actor=hr, decision=scene, note=rng.choice(LIVE_NOTES[scene]), at=at
    )


def live_exam_start(now: dt.datetime) -> dt.datetime:
    """09:00 in Beijing on the Saturday seven to thirteen days after `now`."""
    day = now.astimezone(BEIJING).date() + dt.timedelta(days=7)
    day += dt.timedelta(days=(5 - day.weekday()) % 7)
    return applications_demo.beijing_time(day, 9)


def live_exam_hook(
    *,
    application: Application,
    stage: JobStage,
    scene: str,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> None:
    """The job's examination, set up for a Saturday in about ten days; the application is
    invited an hour or two after it entered the stage (no e-mail: the addresses are made up)."""
    exam = Exam.objects.filter(job=application.job).first()
    if exam is None:
        exam = services.exam_save(
            job=application.job,
            actor=hr,
            sections=[{"name": name, "max_points": points} for name, points in LIVE_SECTIONS],
            starts_at=live_exam_start(now),
            **LIVE_EXAM,
        )
    services.exam_invite(
        exam=exam,
        actor=hr,
        applications=[application],
        at=entered + dt.timedelta(minutes=rng.randint(60, 150)),
        notify=False,
    )


def register_hooks() -> None:
    applications_demo.register_stage_hook("screening", screening_hook)
    applications_demo.register_stage_hook("exam", exam_hook)
    applications_demo.register_live_hook("screening", live_screening_hook)
    applications_demo.register_live_hook("exam", live_exam_hook)


def load(progress: Callable[[str], None] = print) -> bool:
    """Evaluate the demo applications that have none yet (their CVs were read after the demo
    walked them through, so the evaluations come last); False when there was nothing to do."""
    jobs = Q(job__reference__in=list(CRITERIA))
    live = applications_demo.live_job()
    if live is not None:
        jobs |= Q(job=live)
    missing = Application.objects.filter(jobs, screening_evaluation__isnull=True).order_by("id")
    count = 0
    for application in missing:
        services.evaluation_run(application=application)
        count += 1
    if count:
        progress(f"  Screening rules run on {count} demo applications")
    return count > 0
