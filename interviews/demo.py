"""Demo evidence for interview stages: held interviews, confirmed panels, scorecards, decisions.

Just before the applications demo moves an application out of an interview stage (or rejects it
there), `record_round` holds its interview in Beijing time in the days before, with two or
three of the demo interviewers, and records scorecards consistent with the outcome and HR's
round decision, all through the services. A rejection is only recorded as the decision: the
demo loader rejects through the engine itself right after.

For the open job's work in progress, `live_interview_hook` schedules round 1 interviews with
interviewer1 and interviewer2: one held the working day before the load, with one of the two
scorecards in, and one two working days after it.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from applications import demo as applications_demo
from applications.models import Application, JobStage, RejectionReason
from interviews import selectors, services
from interviews.models import Interview, InterviewRound, Recommendation, RoundOutcome

BEIJING = ZoneInfo("Asia/Shanghai")
INTERVIEWERS = ("interviewer1", "interviewer2", "interviewer3")
SLOTS = ((9, 30), (11, 0), (14, 30))  # three interviews a day, local time
# Each demo interviewer's habit: a little more lenient or harsher than their colleagues, so
# that the calibration page has something to show.
LENIENCY = {"interviewer1": 0.35, "interviewer2": 0.0, "interviewer3": -0.35}


def _workdays_from(first: dt.date, count: int) -> dt.date:
    day = first
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    for _step in range(count):
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return day


def _slot(when: dt.date, index: int, minutes: int) -> tuple[dt.datetime, dt.datetime]:
    """The index-th interview slot of a round decided on `when`: three a day on the working
    days from a week before."""
    day = _workdays_from(when - dt.timedelta(days=7), index // len(SLOTS))
    hour, minute = SLOTS[index % len(SLOTS)]
    start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
    return start, start + dt.timedelta(minutes=minutes)


def _rating(rng: random.Random, base: float, bias: float) -> int:
    return max(1, min(5, round(base + bias + rng.choice((-1, 0, 0, 0, 1)) * 0.8)))


def _recommendation(mean: float, passed: bool) -> str:
    if passed:
        return Recommendation.STRONG_YES if mean >= 4.4 else Recommendation.YES
    return Recommendation.STRONG_NO if mean <= 1.8 else Recommendation.NO


def record_round(
    *,
    application: Application,
    stage: JobStage,
    passed: bool,
    reason: str,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    """The evidence behind leaving (passed) or being rejected in an interview stage."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=INTERVIEWERS)}
    rounds = services.rounds_ensure_for_job(job=application.job, actor=hr)
    number, round_ = next((n, r) for n, r in enumerate(rounds, start=1) if r.stage_id == stage.pk)
    panel = [users[name] for name in rng.sample(INTERVIEWERS, rng.choice((2, 3)))]
    interview = _hold_interview(application, round_, number, panel, when=when, hr=hr)
    _score_panel(interview, panel, passed=passed, rng=rng)
    decided_at = dt.datetime(when.year, when.month, when.day, 0, 30, tzinfo=dt.UTC)
    services.round_decision_record(
        actor=hr,
        application=application,
        round=round_,
        outcome=RoundOutcome.ADVANCE if passed else RoundOutcome.REJECT,
        rejection_reason=None if passed else RejectionReason.objects.get(code=reason),
        # The loader rejects through the engine itself, right after this hook.
        reject_application=False,
        notify=False,
        at=decided_at,
    )


def _hold_interview(
    application: Application,
    round_: InterviewRound,
    number: int,
    panel: list[User],
    *,
    when: dt.date,
    hr: User,
) -> Interview:
    """The round's interview in the week before the decision, recorded without invitations
    (it took place in the past)."""
    index = Interview.objects.filter(round=round_).count()
    # The second round is the longer one: a case discussion besides the questions.
    starts_at, ends_at = _slot(when, index, 60 if number == 1 else 75)
    online = application.job.is_foreign_expert_call
    return services.interview_schedule(
        actor=hr,
        application=application,
        round=round_,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=str(BEIJING),
        venue="" if online else "Secretariat, meeting room 2",
        video_link=f"https://meet.example.org/{application.job.reference.lower()}-{index + 1}"
        if online
        else "",
        panel=panel,
        notify=False,
        at=starts_at - dt.timedelta(days=5),
    )


def _score_panel(
    interview: Interview, panel: list[User], *, passed: bool, rng: random.Random
) -> None:
    """Each member confirms no conflict the day before and submits a scorecard after."""
    criteria = selectors.round_criteria(interview.round)
    base = rng.choice((4.0, 4.3, 4.6)) if passed else rng.choice((2.0, 2.4, 2.8))
    for member in panel:
        seat = interview.panel.get(interviewer=member)
        services.panel_member_confirm_no_conflict(
            actor=member, member=seat, at=interview.starts_at - dt.timedelta(days=1)
        )
        scores = [_rating(rng, base, LENIENCY[member.username]) for _c in criteria]
        services.scorecard_save(
            actor=member,
            interview=interview,
            recommendation=_recommendation(sum(scores) / len(scores), passed),
            notes="",
            ratings=[
                {"criterion": c.pk, "score": s} for c, s in zip(criteria, scores, strict=True)
            ],
            submit=True,
            at=interview.ends_at + dt.timedelta(hours=rng.randint(1, 6)),
        )


# --- the open job: work in progress -------------------------------------------------------

LIVE_PANEL = ("interviewer1", "interviewer2")
LIVE_NOTES = (
    "Explains research simply and accurately; the sample news story was publishable with light "
    "edits. Less experience with video; worth exploring in round 2."
)


def live_interview_hook(
    *,
    application: Application,
    stage: JobStage,
    scene: str,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> None:
    """An interview in the round with interviewer1 and interviewer2, who have confirmed they have
    no conflict of interest (interviewer1 not yet for the one to come).

    "upcoming": at 10:00 Beijing time two working days after `now`, online. "awaiting_scorecard":
    held at 14:30 on the working day before `now`, in person; interviewer2 has submitted a
    scorecard, interviewer1's is still awaited.
    """
    users = {u.username: u for u in get_user_model().objects.filter(username__in=LIVE_PANEL)}
    panel = [users[name] for name in LIVE_PANEL]
    rounds = services.rounds_ensure_for_job(job=application.job, actor=hr)
    round_ = next(r for r in rounds if r.stage_id == stage.pk)
    upcoming = scene == "upcoming"
    interview, scheduled_at = _schedule_live(
        application, round_, panel, upcoming=upcoming, entered=entered, now=now, hr=hr, rng=rng
    )
    seats = {seat.interviewer_id: seat for seat in interview.panel.all()}
    first, second = panel
    services.panel_member_confirm_no_conflict(
        actor=second,
        member=seats[second.pk],
        at=scheduled_at + dt.timedelta(minutes=rng.randint(40, 180)),
    )
    if upcoming:
        return
    services.panel_member_confirm_no_conflict(
        actor=first, member=seats[first.pk], at=interview.starts_at - dt.timedelta(hours=20)
    )
    criteria = selectors.round_criteria(round_)
    scores = [_rating(rng, 4.2, LENIENCY[second.username]) for _c in criteria]
    services.scorecard_save(
        actor=second,
        interview=interview,
        recommendation=_recommendation(sum(scores) / len(scores), True),
        notes=LIVE_NOTES,
        ratings=[{"criterion": c.pk, "score": s} for c, s in zip(criteria, scores, strict=True)],
        submit=True,
        at=interview.ends_at + dt.timedelta(hours=2, minutes=rng.randint(0, 50)),
    )


def _schedule_live(
    application: Application,
    round_: InterviewRound,
    panel: list[User],
    *,
    upcoming: bool,
    entered: dt.datetime,
    now: dt.datetime,
    hr: User,
    rng: random.Random,
) -> tuple[Interview, dt.datetime]:
    """The interview (and when HR scheduled it: four working days before, after the
    application entered the stage), without invitations."""
    today = now.astimezone(BEIJING).date()
    day = applications_demo.working_day(today, 2 if upcoming else -1)
    hour, minute = (10, 0) if upcoming else (14, 30)
    starts_at = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
    notice = applications_demo.working_day(day, -4)
    scheduled_at = max(
        dt.datetime(notice.year, notice.month, notice.day, 11, rng.randint(0, 59), tzinfo=BEIJING),
        entered + dt.timedelta(hours=2),
    )
    reference = application.job.reference.lower()
    interview = services.interview_schedule(
        actor=hr,
        application=application,
        round=round_,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=60),
        time_zone=str(BEIJING),
        venue="" if upcoming else "Secretariat, meeting room 2",
        video_link=f"https://meet.example.org/{reference}-{application.pk}" if upcoming else "",
        panel=panel,
        notify=False,
        at=scheduled_at,
    )
    return interview, scheduled_at


def register_hooks() -> None:
    applications_demo.register_stage_hook("interview", record_round)
    applications_demo.register_live_hook("interview", live_interview_hook)
