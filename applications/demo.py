"""Demo data for the applications app: the first user's two real postings and their outcomes.

- Secretariat staff posting, December 2018: 25 applications in one month; after preliminary
  screening, a written examination and two interview rounds, 4 joined.
- Foreign-expert call on LinkedIn, September 2018: 102 applications; 2 experts from outside
  China accepted (supported by the CAS PIFI programme).
Every move goes through the workflow engine with its historical date, so reports are real.
"""

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from applications import services, workflow
from applications.models import (
    Application,
    Channel,
    JobOpening,
    PipelineTemplate,
    Posting,
    RejectionReason,
)

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
                        application, rejection_reason=reason, by=hr, at=at, notify=False
                    )
                else:
                    workflow.withdraw(application, by=None, reason=code, at=at, notify=False)
            remaining = remaining[count:]
        for application in remaining:
            _evidence(application, stages[index], passed=True, reason="", when=when, hr=hr, rng=rng)
            workflow.move(
                application, to_stage=stages[index + 1], by=hr, at=_at(when, rng), notify=False
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
        by=None,
        reason="Declined our offer",
        at=_at(offered + dt.timedelta(days=5), rng),
        notify=False,
    )
    hired_stage = job.stages.get(kind="hired")
    for application in finalists[1:]:
        _accept_offer(application, hr, offered, joined, rng)
        workflow.move(application, to_stage=hired_stage, by=hr, at=_at(joined, rng), notify=False)
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
                actor=None,
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
            application, to_stage=screening, by=hr, at=_at(dt.date(2018, 10, 22), rng), notify=False
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
                by=hr,
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


def load_open_job(hr: User) -> JobOpening:
    """A currently open opening, so the careers pages have something to show."""
    today = timezone.localdate()
    return services.job_create(
        actor=hr,
        reference=f"SEC-{today.year}-COM",
        title="Science Communication Officer",
        department="Secretariat",
        location="Beijing, China",
        headcount=1,
        status=JobOpening.Status.OPEN,
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=45),
        description="Tell the story of international science cooperation to members, "
        "partners and the public: web, newsletters, social media and events.",
        requirements="Degree in communication, journalism or a science; three years of "
        "experience; excellent English writing; Chinese is an advantage.",
    )


def attach_cvs(applications: list[Application], rng: random.Random) -> list[int]:
    """A generated, realistic CV for every applicant, in varied layouts; returns the CV ids."""
    from applications import cv_samples

    layouts = [layout for layout in cv_samples.LAYOUTS if layout != "no_contact"]
    cv_ids = []
    for application in applications:
        candidate = application.candidate
        code = candidate.nationality.code
        profile = cv_samples.random_profile(
            rng,
            name=candidate.full_name,
            email=candidate.email,
            nationality=code if code in cv_samples.PEOPLE else None,
            created=application.submitted_at.date(),
        )
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


def load(progress: Callable[[str], None] = print, seed: int = 2018) -> bool:
    """Load the demo once; returns False when it was already there."""
    users = ensure_users()
    if JobOpening.objects.filter(reference__in=[STAFF_REF, EXPERT_REF]).exists():
        progress("Demo data already loaded; nothing to do.")
        return False
    rng = random.Random(seed)
    with transaction.atomic():
        progress("Secretariat staff posting, December 2018 …")
        load_staff_posting(users["hr"], rng, progress)
        progress("Foreign-expert call on LinkedIn, September 2018 …")
        load_expert_call(users["hr"], rng, progress)
        load_open_job(users["hr"])
        progress("Generating a CV for every applicant …")
        cv_ids = attach_cvs(list(Application.objects.select_related("candidate")), rng)
    parse_cvs(cv_ids, progress)
    return True
