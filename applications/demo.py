"""Demo data for the applications app: the first user's two real postings and their outcomes.

- Secretariat staff posting, December 2018: 25 applications in one month; after preliminary
  screening, a written examination and two interview rounds, 4 joined.
- Foreign-expert call on LinkedIn, September 2018: 102 applications; 2 experts from outside
  China accepted (supported by the CAS PIFI programme).
Every move goes through the workflow engine with its historical date, so reports are real.
Besides the story, an open Science Communication Officer job has work in progress, dated
relative to the day the demo is loaded (see `load_live_job`).
"""

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from applications import services, workflow
from applications.models import (
    Application,
    Candidate,
    Channel,
    JobOpening,
    JobStage,
    PipelineTemplate,
    Posting,
    RejectionReason,
    StageKind,
    normalise_email,
)
from ats.actors import DEMO, ApplicantActor

if TYPE_CHECKING:
    from demo.cv_samples import CVProfile

DEMO_PASSWORD = "ats-demo-2018"  # noqa: S105 - printed for the local demo on purpose
STAFF_REF = "SEC-2018-12"
EXPERT_REF = "FE-2018-09"
UTC = dt.UTC

# (nationality, given names, family names, family-name-first)
NAME_POOLS: list[tuple[str, list[str], list[str], bool]] = [
    (
        "CN",
        ["Wei", "Fang", "Jing", "Lei", "Yan", "Hao", "Xin", "Min", "Tao", "Lin", "Yu", "Jun"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Sun", "Ma"],
        True,
    ),
    (
        "IN",
        ["Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram", "Sneha", "Rohan"],
        ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Banerjee", "Menon", "Chatterjee"],
        False,
    ),
    (
        "PK",
        ["Ayesha", "Usman", "Fatima", "Bilal", "Sana", "Hamza"],
        ["Khan", "Qureshi", "Siddiqui", "Malik", "Chaudhry"],
        False,
    ),
    (
        "DE",
        ["Anna", "Lukas", "Katharina", "Jonas", "Miriam", "Felix"],
        ["Müller", "Schneider", "Weiß", "Fischer", "Becker", "Hoffmann"],
        False,
    ),
    (
        "FR",
        ["Camille", "Julien", "Élodie", "Mathieu", "Inès", "Théo"],
        ["Lefèvre", "Moreau", "Dubois", "Laurent", "Girard"],
        False,
    ),
    (
        "ES",
        ["Lucía", "Javier", "María José", "Álvaro", "Carmen"],
        ["García López", "Fernández", "Martínez Ruiz", "Sánchez", "Ortega"],
        False,
    ),
    (
        "IT",
        ["Giulia", "Marco", "Francesca", "Luca", "Chiara"],
        ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo"],
        False,
    ),
    (
        "VN",
        ["Thị Lan", "Văn Minh", "Thu Hà", "Quốc Bảo", "Ngọc Anh"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"],
        True,
    ),
    (
        "KR",
        ["Ji-woo", "Min-jun", "Seo-yeon", "Hyun-woo", "Su-bin"],
        ["Kim", "Lee", "Park", "Choi", "Jung"],
        True,
    ),
    (
        "RU",
        ["Anastasia", "Dmitry", "Ekaterina", "Sergei", "Olga"],
        ["Ivanova", "Smirnov", "Kuznetsova", "Popov", "Volkov"],
        False,
    ),
    (
        "BR",
        ["Ana Clara", "João", "Mariana", "Rafael", "Beatriz"],
        ["Silva", "Santos", "Oliveira", "Souza", "Costa"],
        False,
    ),
    (
        "KE",
        ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri"],
        ["Mwangi", "Odhiambo", "Kariuki", "Wambui"],
        False,
    ),
    (
        "NG",
        ["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka"],
        ["Okafor", "Adeyemi", "Eze", "Balogun", "Nwosu"],
        False,
    ),
    (
        "EG",
        ["Mona", "Ahmed", "Yasmin", "Omar", "Nour"],
        ["Hassan", "Abdel-Rahman", "Mahmoud", "Farouk"],
        False,
    ),
    (
        "NL",
        ["Sanne", "Daan", "Lotte", "Bram"],
        ["van der Berg", "de Vries", "Jansen", "Bakker"],
        False,
    ),
    (
        "MY",
        ["Ahmad", "Nurul", "Farid", "Siti"],
        ["bin Ismail", "binti Hassan", "bin Abdullah"],
        False,
    ),
    (
        "US",
        ["Emily", "Michael", "Sarah", "David", "Jessica"],
        ["Johnson", "Williams", "Brown", "Miller", "Davis"],
        False,
    ),
    (
        "GB",
        ["Oliver", "Charlotte", "Harry", "Amelia"],
        ["Taylor", "Evans", "Thomas", "Roberts"],
        False,
    ),
    ("TH", ["Somchai", "Ploy", "Anan", "Kanya"], ["Srisuk", "Chaiyaporn", "Wongsakul"], False),
    ("ET", ["Hana", "Dawit", "Meron", "Yonas"], ["Tesfaye", "Bekele", "Haile", "Girma"], False),
]
RESIDENCE = {"CN": "CN", "MY": "MY"}  # others: mostly at home, some already in China


@dataclass
class Person:
    full_name: str
    email: str
    phone: str
    nationality: str
    residence: str


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum() or c == " ").split()


def people(rng: random.Random, count: int, *, weights: dict[str, int]) -> list[Person]:
    """Distinct, plausible international applicants."""
    pools = {p[0]: p for p in NAME_POOLS}
    codes = list(weights)
    seen: set[str] = set()
    result: list[Person] = []
    while len(result) < count:
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        _, given, family, family_first = pools[code]
        first, last = rng.choice(given), rng.choice(family)
        name = f"{last} {first}" if family_first else f"{first} {last}"
        if name in seen:
            continue
        seen.add(name)
        parts = _ascii_words(f"{first} {last}")
        domain = rng.choice(["gmail.com", "outlook.com", "yahoo.com", "protonmail.com"])
        if code == "CN":
            domain = rng.choice(["163.com", "qq.com", "126.com", "gmail.com"])
        email = f"{'.'.join(parts)}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@{domain}"
        residence = RESIDENCE.get(code) or ("CN" if rng.random() < 0.25 else code)
        phone = _phone(rng, residence)
        result.append(Person(name, email, phone, code, residence))
    return result


def _phone(rng: random.Random, country: str) -> str:
    n = lambda k: "".join(str(rng.randint(0, 9)) for _ in range(k))  # noqa: E731
    formats: dict[str, Callable[[], str]] = {
        "CN": lambda: f"+86 1{rng.choice('3589')}{n(1)} {n(4)} {n(4)}",
        "IN": lambda: f"+91 9{n(4)} {n(5)}",
        "DE": lambda: f"+49 15{n(1)} {n(7)}",
        "FR": lambda: f"+33 6 {n(2)} {n(2)} {n(2)} {n(2)}",
        "US": lambda: f"+1 (617) {n(3)}-{n(4)}",
        "GB": lambda: f"+44 7{n(3)} {n(6)}",
    }
    return formats.get(country, lambda: f"+{rng.randint(20, 99)} {n(3)} {n(3)} {n(4)}")()


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=UTC
    )


def ensure_users() -> dict[str, User]:
    """HR and interviewer demo accounts (idempotent); HR may use the admin."""
    hr_group, interviewer_group = (
        Group.objects.get(name="hr"),
        Group.objects.get(name="interviewer"),
    )
    hr_group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["applications", "screening", "interviews", "programs"]
        )
    )
    specs = [
        ("hr", "Li", "Na", hr_group, True),
        ("interviewer1", "Zhang", "Wei", interviewer_group, False),
        ("interviewer2", "Maria", "Gonzalez", interviewer_group, False),
        ("interviewer3", "Ravi", "Kumar", interviewer_group, False),
    ]
    users = {}
    for username, first, last, group, staff in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": staff,
                "email": f"{username}@ats.example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        users[username] = user
    return users


Exit = tuple[int, str, str]  # (how many, "reject" or "withdraw", reason code or words)

# Other apps record the evidence behind each demo decision (screening decisions, exam scores,
# scorecards) through hooks called just before an application leaves a stage of their kind:
# hook(application=, stage=, passed=, reason=, when=, hr=, rng=). `passed` is False for one
# about to be rejected there, with the rejection reason code. They register from their own
# demo module's `register_hooks()`, which the load_demo command calls first.
DemoHook = Callable[..., None]
_stage_hooks: dict[str, DemoHook] = {}


def register_stage_hook(kind: str, hook: DemoHook) -> None:
    _stage_hooks[kind] = hook


def _evidence(
    application: Application,
    stage,
    *,
    passed: bool,
    reason: str,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    hook = _stage_hooks.get(stage.kind)
    if hook is not None:
        hook(
            application=application,
            stage=stage,
            passed=passed,
            reason=reason,
            when=when,
            hr=hr,
            rng=rng,
        )


def _run_funnel(
    job: JobOpening,
    applications: list[Application],
    plan: list[tuple[int, dt.date, list[Exit]]],
    hr: User,
    rng: random.Random,
    progress: Callable[[str], None],
) -> list[Application]:
    """Walk applications through stages: for each (stage index being left, date, exits) some
    are rejected or withdraw, the rest move on. Returns those still in the race."""
    stages = list(job.stages.order_by("position"))
    remaining = list(applications)
    rng.shuffle(remaining)
    for index, when, exits in plan:
        for count, how, code in exits:
            for application in remaining[:count]:
                at = _at(when, rng)
                if how == "reject":
                    reason = RejectionReason.objects.get(code=code)
                    _evidence(
                        application,
                        stages[index],
                        passed=False,
                        reason=code,
                        when=when,
                        hr=hr,
                        rng=rng,
                    )
                    workflow.reject(
                        application, rejection_reason=reason, actor=hr, at=at, notify=False
                    )
                else:
                    workflow.withdraw(
                        application,
                        actor=ApplicantActor(application.pk),
                        reason=code,
                        at=at,
                        notify=False,
                    )
            remaining = remaining[count:]
        for application in remaining:
            _evidence(application, stages[index], passed=True, reason="", when=when, hr=hr, rng=rng)
            workflow.move(
                application, to_stage=stages[index + 1], actor=hr, at=_at(when, rng), notify=False
            )
        progress(f"  {stages[index].name}: {len(remaining)} moved on to {stages[index + 1]}")
    return remaining


def _offers(
    job: JobOpening,
    finalists: list[Application],
    hr: User,
    rng: random.Random,
    *,
    offered: dt.date,
    joined: dt.date,
    progress: Callable[[str], None],
) -> None:
    """The first finalist declines the offer (and withdraws); the others accept and join."""
    _decline_offer(finalists[0], hr, offered)
    workflow.withdraw(
        finalists[0],
        actor=ApplicantActor(finalists[0].pk),
        reason="Declined our offer",
        at=_at(offered + dt.timedelta(days=5), rng),
        notify=False,
    )
    hired_stage = job.stages.get(kind="hired")
    for application in finalists[1:]:
        _accept_offer(application, hr, offered, joined, rng)
        workflow.move(
            application, to_stage=hired_stage, actor=hr, at=_at(joined, rng), notify=False
        )
    progress(f"  Offer: {len(finalists)} offers, {len(finalists) - 1} accepted and joined")


def _accept_offer(
    application: Application, hr: User, offered: dt.date, joined: dt.date, rng: random.Random
) -> None:
    offer = services.offer_make(
        actor=hr,
        application=application,
        offered_on=offered,
        respond_by=offered + dt.timedelta(days=14),
        start_date=joined,
    )
    services.offer_respond(
        actor=hr,
        offer=offer,
        accepted=True,
        responded_on=offered + dt.timedelta(days=rng.randint(2, 9)),
    )


def _decline_offer(application: Application, hr: User, offered: dt.date) -> None:
    offer = services.offer_make(actor=hr, application=application, offered_on=offered)
    services.offer_respond(
        actor=hr, offer=offer, accepted=False, responded_on=offered + dt.timedelta(days=5)
    )


def _submit_all(
    job: JobOpening,
    persons: list[Person],
    channels_for: Callable[[int], Channel],
    rng: random.Random,
    first_day: dt.date,
    days: int,
    progress: Callable[[str], None],
) -> list[Application]:
    applications = []
    for i, person in enumerate(persons):
        candidate = services.candidate_find_or_create(
            email=person.email,
            full_name=person.full_name,
            phone=person.phone,
            nationality=person.nationality,
            country_of_residence=person.residence,
        )
        submitted = _at(first_day + dt.timedelta(days=rng.randrange(days)), rng)
        applications.append(
            services.application_create(
                actor=DEMO,
                candidate=candidate,
                job=job,
                source=channels_for(i),
                submitted_at=submitted,
            )
        )
    progress(f"  {len(applications)} applications submitted")
    return applications


def load_staff_posting(hr: User, rng: random.Random, progress) -> JobOpening:
    job = services.job_create(
        actor=hr,
        reference=STAFF_REF,
        title="Programme Officer (Secretariat)",
        pipeline=PipelineTemplate.objects.get(name="Staff recruitment"),
        department="Secretariat",
        location="Beijing, China",
        headcount=4,
        employment_type=JobOpening.EmploymentType.FULL_TIME,
        status=JobOpening.Status.CLOSED,
        opens_on=dt.date(2018, 12, 3),
        closes_on=dt.date(2019, 1, 2),
        description=(
            "The Secretariat of the Alliance of International Science Organizations coordinates "
            "joint programmes of member organisations in over 40 countries. Programme officers "
            "plan and follow up scientific cooperation programmes, training courses and "
            "meetings, and liaise with member organisations."
        ),
        requirements=(
            "Master's degree or higher in a natural science, engineering or international "
            "relations; two or more years of experience in international cooperation or "
            "programme management; fluent English, Chinese is an advantage; strong writing."
        ),
    )
    careers, referral, email = (
        Channel.objects.get(slug=s) for s in ("careers", "referral", "email")
    )
    Posting.objects.create(job=job, channel=careers, posted_on=dt.date(2018, 12, 3))
    Posting.objects.create(
        job=job,
        channel=email,
        posted_on=dt.date(2018, 12, 5),
        notes="Circulated to member organisations",
    )
    persons = people(
        rng,
        25,
        weights={
            "CN": 12,
            "IN": 2,
            "PK": 2,
            "KE": 1,
            "NG": 1,
            "RU": 1,
            "VN": 1,
            "TH": 1,
            "ET": 1,
            "EG": 1,
            "MY": 1,
            "IT": 1,
        },
    )
    sources = [careers] * 16 + [referral] * 4 + [email] * 5
    applications = _submit_all(
        job, persons, lambda i: sources[i], rng, dt.date(2018, 12, 3), 30, progress
    )
    # 25 → screening; 9 rejected, 1 withdrew → 15 sit the exam; 1 absent, 6 below the pass
    # mark → 8 in round 1; 2 rejected → 6 in round 2; 1 rejected → 5 offers; 1 declines → 4.
    finalists = _run_funnel(
        job,
        applications,
        [
            (0, dt.date(2019, 1, 7), []),
            (
                1,
                dt.date(2019, 1, 14),
                [(9, "reject", "requirements-not-met"), (1, "withdraw", "Accepted another job")],
            ),
            (2, dt.date(2019, 1, 28), [(1, "reject", "no-show"), (6, "reject", "exam-below-pass")]),
            (3, dt.date(2019, 2, 22), [(2, "reject", "interview-performance")]),
            (4, dt.date(2019, 3, 8), [(1, "reject", "stronger-candidates")]),
        ],
        hr,
        rng,
        progress,
    )
    _offers(
        job,
        finalists,
        hr,
        rng,
        offered=dt.date(2019, 3, 18),
        joined=dt.date(2019, 4, 15),
        progress=progress,
    )
    return job


def load_expert_call(hr: User, rng: random.Random, progress) -> JobOpening:
    job = services.job_create(
        actor=hr,
        reference=EXPERT_REF,
        title="Foreign Experts – Visiting Scientists and Postdoctoral Researchers (CAS PIFI)",
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        department="Science Programmes",
        location="Beijing, China",
        headcount=2,
        employment_type=JobOpening.EmploymentType.FELLOWSHIP,
        status=JobOpening.Status.CLOSED,
        opens_on=dt.date(2018, 9, 3),
        closes_on=dt.date(2018, 10, 15),
        is_foreign_expert_call=True,
        description=(
            "Foreign experts join the Secretariat for one to two years under the CAS "
            "President's International Fellowship Initiative (PIFI) to support international "
            "science programmes on climate, biodiversity and disaster risk reduction."
        ),
        requirements=(
            "PhD in a natural science or engineering (postdoctoral researchers: within five "
            "years of the degree); non-Chinese nationality; publication record; English."
        ),
    )
    linkedin = Channel.objects.get(slug="linkedin")
    Posting.objects.create(
        job=job,
        channel=linkedin,
        posted_on=dt.date(2018, 9, 3),
        url="https://www.linkedin.com/jobs/",
    )
    persons = people(
        rng,
        102,
        weights={
            "IN": 14,
            "PK": 10,
            "NG": 8,
            "EG": 7,
            "KE": 5,
            "ET": 5,
            "DE": 6,
            "FR": 5,
            "IT": 5,
            "ES": 5,
            "RU": 5,
            "BR": 5,
            "US": 5,
            "GB": 4,
            "NL": 3,
            "VN": 4,
            "KR": 3,
            "TH": 3,
            "MY": 3,
            "CN": 3,
        },
    )
    applications = _submit_all(
        job, persons, lambda i: linkedin, rng, dt.date(2018, 9, 3), 42, progress
    )
    # PIFI is for non-Chinese nationals: those are screened out first. Of the others, 15 pass
    # screening, 8 reach round 2, 3 get offers; one declines and 2 experts join.
    screening = job.stages.get(kind="screening")
    for application in applications:
        workflow.move(
            application,
            to_stage=screening,
            actor=hr,
            at=_at(dt.date(2018, 10, 22), rng),
            notify=False,
        )
    reason = RejectionReason.objects.get(code="requirements-not-met")
    eligible = []
    for application in applications:
        if application.candidate.nationality == "CN":
            _evidence(
                application,
                screening,
                passed=False,
                reason="requirements-not-met",
                when=dt.date(2018, 10, 24),
                hr=hr,
                rng=rng,
            )
            workflow.reject(
                application,
                rejection_reason=reason,
                actor=hr,
                notify=False,
                note="PIFI is for non-Chinese nationals",
                at=_at(dt.date(2018, 10, 24), rng),
            )
        else:
            eligible.append(application)
    finalists = _run_funnel(
        job,
        eligible,
        [
            (
                1,
                dt.date(2018, 10, 29),
                [
                    (len(eligible) - 18, "reject", "requirements-not-met"),
                    (3, "withdraw", "No longer available"),
                ],
            ),
            (2, dt.date(2018, 11, 26), [(7, "reject", "stronger-candidates")]),
            (3, dt.date(2018, 12, 17), [(5, "reject", "interview-performance")]),
        ],
        hr,
        rng,
        progress,
    )
    _offers(
        job,
        finalists,
        hr,
        rng,
        offered=dt.date(2019, 1, 14),
        joined=dt.date(2019, 9, 2),
        progress=progress,
    )
    return job


def _random_profile(application: Application, rng: random.Random) -> "CVProfile":
    from demo import cv_samples

    candidate = application.candidate
    code = candidate.nationality.code
    return cv_samples.random_profile(
        rng,
        name=candidate.full_name,
        email=candidate.email,
        nationality=code if code in cv_samples.PEOPLE else None,
        created=application.submitted_at.date(),
    )


def attach_cvs(
    applications: list[Application],
    rng: random.Random,
    *,
    profile_for: "Callable[[Application, random.Random], CVProfile]" = _random_profile,
    layouts: list[str] | None = None,
) -> list[int]:
    """A generated, realistic CV for every applicant, in varied layouts; returns the CV ids.

    `profile_for` writes the applicant's story (a random one by default)."""
    from demo import cv_samples

    if layouts is None:
        layouts = [layout for layout in cv_samples.LAYOUTS if layout != "no_contact"]
    cv_ids = []
    for application in applications:
        candidate = application.candidate
        profile = profile_for(application, rng)
        profile.phone = candidate.phone
        # English CVs: the generator writes Chinese-language CVs under a Chinese-script name of
        # its own, which would not be this candidate's.
        pdf = cv_samples.render_cv(
            profile, layout=rng.choice(layouts), created=application.submitted_at.date()
        )
        slug = "-".join(candidate.full_name.split()).lower()
        cv = services.cv_attach(
            application=application, name=f"CV-{slug}.pdf", data=pdf, enqueue_parse=False
        )
        cv_ids.append(cv.pk)
    return cv_ids


def parse_cvs(cv_ids: list[int], progress: Callable[[str], None]) -> None:
    """Through the same task as online applications: in-process when Celery is eager."""
    from applications.tasks import parse_cv_document

    for done, cv_id in enumerate(cv_ids, start=1):
        parse_cv_document.delay(cv_id)
        if done % 25 == 0 or done == len(cv_ids):
            progress(f"  CVs parsed or queued: {done}/{len(cv_ids)}")


# --- the open job: work in progress today ----------------------------------------------------

# A Science Communication Officer post opened some three weeks before the demo is loaded, with
# applications at every early stage: some just received, some in (blind) screening with the
# rules' results and a decision or two, two invited to the written examination in about ten
# days, one interviewed yesterday (one scorecard in, one awaited) and one to be interviewed in
# two days. Every date is relative to the load; every move goes through the engine.
LIVE_TITLE = "Science Communication Officer"
LIVE_SEED = 2026
BEIJING = ZoneInfo("Asia/Shanghai")
# The two interviewed first had their written test waived: HR skipped the stage with an
# override (the examination of this post is only held once, in a few days).
EXAM_WAIVED = (
    "Written examination waived: the published portfolio of science writing was assessed "
    "instead (head of communication)"
)
LIVE_FIELDS = [
    "Communication",
    "Communication",
    "Environmental Science",
    "Molecular Biology",
    "Atmospheric Science",
    "Ecology",
    "Physics",
]
LIVE_BULLETS = [
    "Wrote press releases and managed the newsletter",
    "Ran the institute's social media accounts and doubled their following in two years",
    "Produced short explainer videos on new research results",
    "Organised public lectures and science festival stands",
    "Edited the annual report and the English website",
    "Trained researchers to talk to journalists",
    "Pitched stories on member programmes to international media",
]
LIVE_LAYOUTS_LEFT_OUT = ("no_contact", "cover_page")
LIVE_SKILLS = [
    "Scientific writing",
    "Public speaking",
    "Adobe InDesign",
    "Drupal",
    "Event management",
    "Stakeholder engagement",
]


@dataclass(frozen=True)
class LiveApplicant:
    nationality: str
    channel: str  # slug
    days_ago: int  # when they applied
    stage: str  # the kind of the stage they are in now
    scene: str = ""  # where things stand there (see the live hooks)
    # "qualified": meets the post's requirements (everyone HR passed or is about to);
    # "junior": less than the three years' experience asked for; "": as the generator makes it.
    cv: str = ""


LIVE_APPLICANTS = [
    LiveApplicant("KE", "referral", 23, StageKind.INTERVIEW, "awaiting_scorecard", "qualified"),
    LiveApplicant("DE", "linkedin", 21, StageKind.INTERVIEW, "upcoming", "qualified"),
    LiveApplicant("CN", "careers", 17, StageKind.EXAM, "invited", "qualified"),
    LiveApplicant("IN", "linkedin", 15, StageKind.EXAM, "invited", "qualified"),
    LiveApplicant("BR", "careers", 13, StageKind.SCREENING, "pass", "qualified"),
    LiveApplicant("FR", "linkedin", 11, StageKind.SCREENING, "hold", "qualified"),
    LiveApplicant("VN", "careers", 9, StageKind.SCREENING, cv="junior"),
    LiveApplicant("EG", "referral", 8, StageKind.SCREENING),
    LiveApplicant("GB", "linkedin", 5, StageKind.APPLIED),
    LiveApplicant("CN", "careers", 3, StageKind.APPLIED),
    LiveApplicant("KR", "careers", 2, StageKind.APPLIED, cv="junior"),
    LiveApplicant("NG", "linkedin", 1, StageKind.APPLIED),
]

# The apps that own a stage kind record the work in progress there through a hook:
# hook(application=, stage=, scene=, entered=, now=, hr=, rng=), where `entered` is when the
# application entered the stage and `now` the moment the scene is seen at (the load, or just
# before the application leaves the stage): what has happened falls between the two, what is
# to come after `now`. Scenes: screening "pass", "hold" or "" (no decision yet); exam
# "invited"; interview "upcoming", "awaiting_scorecard". Registered from `register_hooks()`.
_live_hooks: dict[str, DemoHook] = {}


def register_live_hook(kind: str, hook: DemoHook) -> None:
    _live_hooks[kind] = hook


def _live_scene(
    application: Application,
    stage: JobStage,
    scene: str,
    *,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> None:
    hook = _live_hooks.get(stage.kind)
    if hook is not None:
        hook(
            application=application,
            stage=stage,
            scene=scene,
            entered=entered,
            now=now,
            hr=hr,
            rng=rng,
        )


def working_day(day: dt.date, offset: int) -> dt.date:
    """The `offset`-th working day after `day` (before it when negative), weekends skipped."""
    step = dt.timedelta(days=1 if offset > 0 else -1)
    for _step in range(abs(offset)):
        day += step
        while day.weekday() >= 5:
            day += step
    return day


def beijing_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def live_job() -> JobOpening | None:
    """The open job of the demo (its reference carries the year the demo was loaded in)."""
    return (
        JobOpening.objects.filter(
            title=LIVE_TITLE, reference__startswith="SEC-", reference__endswith="-COM"
        )
        .order_by("-pk")
        .first()
    )


def _open_job(job: JobOpening | None, hr: User, today: dt.date) -> JobOpening:
    """The open job, opened three and a half weeks ago and closing in three; an older demo's
    (loaded before it had applications) is dated again."""
    dates: dict[str, Any] = {
        "opens_on": today - dt.timedelta(days=25),
        "closes_on": today + dt.timedelta(days=20),
    }
    if job is not None:
        job = services.job_update(job=job, actor=hr, **dates)
    else:
        job = services.job_create(
            actor=hr,
            reference=f"SEC-{today.year}-COM",
            title=LIVE_TITLE,
            department="Secretariat",
            location="Beijing, China",
            headcount=1,
            status=JobOpening.Status.OPEN,
            description="Tell the story of international science cooperation to members, "
            "partners and the public: web, newsletters, social media and events.",
            requirements="Degree in communication, journalism or a science; three years of "
            "experience; excellent English writing; Chinese is an advantage.",
            **dates,
        )
    if not job.postings.exists():
        services.posting_add(
            job=job,
            actor=hr,
            channel=Channel.objects.get(slug="careers"),
            posted_on=dates["opens_on"],
        )
        services.posting_add(
            job=job,
            actor=hr,
            channel=Channel.objects.get(slug="linkedin"),
            posted_on=dates["opens_on"] + dt.timedelta(days=1),
            url="https://www.linkedin.com/jobs/",
        )
    return job


def _live_people(rng: random.Random) -> list[Person]:
    """One applicant per line of the plan, none of them an earlier demo applicant."""
    taken_names = set(Candidate.objects.values_list("full_name", flat=True))
    taken_emails = set(Candidate.objects.values_list("email_normalised", flat=True))
    result: list[Person] = []
    for applicant in LIVE_APPLICANTS:
        while True:
            (person,) = people(rng, 1, weights={applicant.nationality: 1})
            if (
                person.full_name not in taken_names
                and normalise_email(person.email) not in taken_emails
            ):
                break
        taken_names.add(person.full_name)
        taken_emails.add(normalise_email(person.email))
        result.append(person)
    return result


def _fits(profile: "CVProfile", created: dt.date, kind: str) -> bool:
    """Whether a generated CV tells the kind of story the plan wants."""
    from demo import cv_samples

    years = cv_samples._merged_years(profile.jobs, created)
    if not kind:
        return years <= 20  # people apply to an officer post early or mid-career
    degree = any(e.level != "other" and not e.in_progress for e in profile.education)
    if kind == "junior":
        return degree and 0.5 <= years < 2.5
    # An officer post: experienced, but not a director's career.
    return degree and 3.5 <= years <= 15


def _live_profile(application: Application, rng: random.Random, *, kind: str) -> "CVProfile":
    """A communication person's CV of the kind the plan wants (see LiveApplicant.cv)."""
    from demo import cv_samples

    candidate = application.candidate
    created = application.submitted_at.astimezone(BEIJING).date()
    for _attempt in range(500):
        profile = cv_samples.random_profile(
            rng,
            name=candidate.full_name,
            email=candidate.email,
            nationality=candidate.nationality.code,
            field=rng.choice(LIVE_FIELDS),
            created=created,
        )
        if _fits(profile, created, kind):
            break
    profile.headline = rng.choice(cv_samples.TITLES["communications"])
    for job in profile.jobs:
        if not job.is_internship and job.bullets:
            job.title = rng.choice(cv_samples.TITLES["communications"])
            job.bullets = rng.sample(LIVE_BULLETS, rng.randint(1, 3))
    profile.skills = list(dict.fromkeys(rng.sample(LIVE_SKILLS, 3) + profile.skills))[:8]
    # Papers only from those with a doctorate, and not from before they started it.
    phd = next((e for e in profile.education if e.level == "phd" and not e.in_progress), None)
    if phd is None:
        profile.publications = None
    elif profile.publications:
        first = phd.start_year or phd.year - 4
        profile.publications = [
            re.sub(r"\(\d{4}\)", f"({rng.randint(first, created.year)})", paper)
            for paper in profile.publications
        ]
    return profile


def _live_submit(
    job: JobOpening, persons: list[Person], now: dt.datetime, rng: random.Random
) -> list[Application]:
    today = now.astimezone(BEIJING).date()
    channels = {c.slug: c for c in Channel.objects.all()}
    applications = []
    for applicant, person in zip(LIVE_APPLICANTS, persons, strict=True):
        candidate = services.candidate_find_or_create(
            email=person.email,
            full_name=person.full_name,
            phone=person.phone,
            nationality=person.nationality,
            country_of_residence=person.residence,
        )
        day = today - dt.timedelta(days=applicant.days_ago)
        applications.append(
            services.application_create(
                actor=DEMO,
                candidate=candidate,
                job=job,
                source=channels[applicant.channel],
                submitted_at=beijing_time(day, rng.randint(7, 23), rng.randint(0, 59)),
            )
        )
    return applications


def _live_advance(
    application: Application,
    applicant: LiveApplicant,
    stages: dict[str, JobStage],
    *,
    hr: User,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    """From the first stage to where the plan leaves it, HR acting on working days."""
    if applicant.stage == StageKind.APPLIED:
        return
    screening = stages[StageKind.SCREENING]
    submitted = application.submitted_at.astimezone(BEIJING).date()
    entered = beijing_time(working_day(submitted, 2), 10, rng.randint(0, 45))
    workflow.move(application, to_stage=screening, actor=hr, at=entered, notify=False)
    if applicant.stage == StageKind.SCREENING:
        _live_scene(
            application, screening, applicant.scene, entered=entered, now=now, hr=hr, rng=rng
        )
        return
    moved = beijing_time(working_day(entered.date(), 3), 10, rng.randint(0, 45))
    _live_scene(application, screening, "pass", entered=entered, now=moved, hr=hr, rng=rng)
    if applicant.stage == StageKind.EXAM:
        target = stages[StageKind.EXAM]
        workflow.move(application, to_stage=target, actor=hr, at=moved, notify=False)
    else:
        target = stages[StageKind.INTERVIEW]  # round 1
        workflow.move(
            application,
            to_stage=target,
            actor=hr,
            override=True,
            reason=EXAM_WAIVED,
            at=moved,
            notify=False,
        )
    _live_scene(application, target, applicant.scene, entered=moved, now=now, hr=hr, rng=rng)


def load_live_job(
    hr: User, progress: Callable[[str], None], *, now: dt.datetime | None = None
) -> bool:
    """The open job's work in progress, once; False when its applications are already there."""
    from demo import cv_samples

    job = live_job()
    if job is not None and job.applications.exists():
        progress("The open job's applications are already loaded; nothing to do.")
        return False
    now = now or timezone.now()
    rng = random.Random(LIVE_SEED)
    progress(f"{LIVE_TITLE}, open now …")
    with transaction.atomic():
        job = _open_job(job, hr, now.astimezone(BEIJING).date())
        applications = _live_submit(job, _live_people(rng), now, rng)
        progress(f"  {len(applications)} applications submitted over the last three weeks")
        kinds = {
            application.pk: applicant.cv
            for application, applicant in zip(applications, LIVE_APPLICANTS, strict=True)
        }
        cv_ids = attach_cvs(
            applications,
            rng,
            profile_for=lambda a, r: _live_profile(a, r, kind=kinds[a.pk]),
            # Not the job-board export: its dates and board are not this job's.
            layouts=[name for name in cv_samples.LAYOUTS if name not in LIVE_LAYOUTS_LEFT_OUT],
        )
        stages: dict[str, JobStage] = {}
        for stage in job.stages.order_by("position"):
            stages.setdefault(stage.kind, stage)  # the first of a kind: interview round 1
        for application, applicant in zip(applications, LIVE_APPLICANTS, strict=True):
            _live_advance(application, applicant, stages, hr=hr, now=now, rng=rng)
    parse_cvs(cv_ids, progress)
    return True


def live_summary(job: JobOpening) -> str:
    """One line: where the open job's applications are, for the command's summary."""
    from applications import selectors

    counts = selectors.job_stage_counts([job.pk])[job.pk]
    stages = ", ".join(
        f"{counts[stage.pk]} {stage.name}"
        for stage in job.stages.order_by("position")
        if counts[stage.pk]
    )
    total = sum(counts.values())
    return f"{job.reference} {job.title}: {total} applications in progress ({stages})"


def load(progress: Callable[[str], None] = print, seed: int = 2018) -> bool:
    """Load the demo once; returns False when it was already there.

    The 2018 story and the open job's work in progress are guarded separately, so that a
    database loaded before the open job had applications gets them on the next run.
    """
    users = ensure_users()
    loaded = load_story(users["hr"], progress, seed=seed)
    return load_live_job(users["hr"], progress) or loaded


def load_story(hr: User, progress: Callable[[str], None], *, seed: int = 2018) -> bool:
    """The two 2018 postings, once; False when they are already there."""
    if JobOpening.objects.filter(reference__in=[STAFF_REF, EXPERT_REF]).exists():
        progress("The 2018 postings are already loaded; nothing to do.")
        return False
    rng = random.Random(seed)
    with transaction.atomic():
        progress("Secretariat staff posting, December 2018 …")
        load_staff_posting(hr, rng, progress)
        progress("Foreign-expert call on LinkedIn, September 2018 …")
        load_expert_call(hr, rng, progress)
        progress("Generating a CV for every applicant …")
        cv_ids = attach_cvs(
            list(
                Application.objects.filter(
                    job__reference__in=[STAFF_REF, EXPERT_REF]
                ).select_related("candidate")
            ),
            rng,
        )
    parse_cvs(cv_ids, progress)
    return True
