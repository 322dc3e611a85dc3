"""Read queries of interviews, shared by pages and the API: who may see what, lists, overviews.

Access (decided here, at the edge, for pages and the API alike): HR sees everything. An
interviewer sees the interviews whose panel they are on (and were not removed from), the
candidate and CV behind them, their own scorecards, and the other members' submitted scorecards
of an interview once their own is submitted. Everything else is a 404, so that an id reveals
nothing.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeAlias

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
    JobOpening,
    JobStage,
    StageKind,
)
from applications.selectors import application_list
from ats.i18n.names import translate_name
from ats.roles import INTERVIEWER_GROUP, is_hr, is_interviewer
from interviews import scoring
from interviews.models import (
    LIVE_STATUSES,
    ConflictStatus,
    Criterion,
    Interview,
    InterviewRound,
    InterviewStatus,
    PanelMember,
    Rating,
    RoundDecision,
    RoundOutcome,
    Scorecard,
    ScorecardStatus,
)

# Whoever asks: `request.user` (a page or an endpoint decides who may reach what through these).
Viewer: TypeAlias = AbstractBaseUser | AnonymousUser


def interviewers() -> QuerySet[User]:
    """Users who may sit on a panel: active members of the interviewer group."""
    return (
        User.objects.filter(is_active=True, groups__name=INTERVIEWER_GROUP)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def person_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def interview_title(interview: Interview) -> str:
    """What people call an interview: “Interview round 1 – Priya Menon”."""
    return f"{translate_name(interview.round.name)} – {interview.application.candidate.full_name}"


# --- rounds --------------------------------------------------------------------------------


def round_list() -> QuerySet[InterviewRound]:
    """Rounds whose stage is (still) an interview stage, with their job and criteria."""
    return (
        InterviewRound.objects.filter(stage__kind=StageKind.INTERVIEW)
        .select_related("stage__job")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position")))
        .order_by("stage__job_id", "stage__position")
    )


def job_rounds(job: JobOpening) -> list[InterviewRound]:
    return list(round_list().filter(stage__job=job))


def round_get_for_user(user: Viewer, pk: int) -> InterviewRound:
    """Rounds are set up and overseen by HR only."""
    if not is_hr(user):
        raise Http404(_("No such interview round."))
    found = round_list().filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such interview round."))
    return found


def stands_in_round(application: Application, round_: InterviewRound) -> bool:
    """Active and standing in the round's stage: it can be interviewed and decided there."""
    return application.is_active and application.stage_id == round_.stage_id


def round_for_stage(stage: JobStage) -> InterviewRound | None:
    return (
        InterviewRound.objects.filter(stage=stage, stage__kind=StageKind.INTERVIEW)
        .select_related("stage")
        .first()
    )


def round_criteria(round_: InterviewRound) -> list[Criterion]:
    """The criteria in order (prefetched by `round_list`, else one query)."""
    return sorted(round_.criteria.all(), key=lambda c: (c.position, c.pk))


# --- interviews ----------------------------------------------------------------------------


def interview_list() -> QuerySet[Interview]:
    return Interview.objects.select_related(
        "application__candidate", "application__job", "application__stage", "round__stage"
    ).order_by("starts_at", "id")


def _reachable(user: Viewer) -> QuerySet[Interview]:
    if is_hr(user):
        return interview_list()
    if is_interviewer(user):
        return interview_list().filter(
            panel__interviewer_id=user.pk, panel__removed_at__isnull=True
        )
    return Interview.objects.none()


def interview_list_for_user(user: Viewer) -> QuerySet[Interview]:
    """The interviews a user may see, with panels and the round's criteria (for the API)."""
    return _reachable(user).prefetch_related(
        Prefetch("panel", queryset=PanelMember.objects.select_related("interviewer")),
        Prefetch("round__criteria", queryset=Criterion.objects.order_by("position")),
    )


def interview_get_for_user(user: Viewer, pk: int) -> Interview:
    """The one access check for an interview: HR, or a (not removed) member of its panel."""
    found = interview_list_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such interview."))
    return found


def is_on_panel(user: Viewer, interview: Interview) -> bool:
    """A current member of the panel (prefetched panel when there)."""
    return any(m.interviewer_id == user.pk and m.is_active for m in interview.panel.all())


def active_panel(interview: Interview) -> list[PanelMember]:
    return [m for m in interview.panel.all() if m.is_active]


def may_score(interview: Interview, seat: PanelMember | None) -> bool:
    """The scoring form is offered to a current member of a live interview who confirmed no
    conflict (what `services.scorecard_save` then checks, with the reasons)."""
    return interview.is_live and seat is not None and seat.conflict_status == ConflictStatus.NONE


def panel_for_user(user: Viewer, interview: Interview) -> list[PanelMember]:
    """The panel as the user may see it: HR with the members who left, others without."""
    return list(interview.panel.all()) if is_hr(user) else active_panel(interview)


def sees_seat_notes(user: Viewer, member: PanelMember) -> bool:
    """What a conflict is, or why someone left the panel, stays between the member and HR."""
    return is_hr(user) or member.interviewer_id == user.pk


def panel_member_list_for_user(user: Viewer) -> QuerySet[PanelMember]:
    """HR: every panel seat; an interviewer: the seats of the panels they are on."""
    members = PanelMember.objects.select_related(
        "interviewer", "interview__round", "interview__application__candidate"
    ).order_by("interview_id", "added_at", "id")
    if is_hr(user):
        return members
    if is_interviewer(user):
        return members.filter(interview__in=_reachable(user).values("pk"))
    return members.none()


def panel_member_get_for_user(user: Viewer, pk: int) -> PanelMember:
    found = panel_member_list_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such panel member."))
    return found


def panel_member_for(user: Viewer, interview: Interview) -> PanelMember | None:
    """The user's own (current) seat on the panel."""
    return next(
        (m for m in interview.panel.all() if m.interviewer_id == user.pk and m.is_active), None
    )


def overlapping(starts_at: datetime, ends_at: datetime) -> QuerySet[Interview]:
    """Interviews that are not cancelled and overlap [starts_at, ends_at)."""
    return (
        Interview.objects.exclude(status=InterviewStatus.CANCELLED)
        .filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .select_related("round", "application__candidate")
        .order_by("starts_at", "id")
    )


def live_interview(application: Application, round_: InterviewRound) -> Interview | None:
    return (
        Interview.objects.filter(application=application, round=round_, status__in=LIVE_STATUSES)
        .prefetch_related(
            Prefetch("panel", queryset=PanelMember.objects.select_related("interviewer"))
        )
        .first()
    )


# --- scorecards ----------------------------------------------------------------------------


def scorecard_list_for_user(user: Viewer) -> QuerySet[Scorecard]:
    """HR: all scorecards. An interviewer: their own, and the submitted scorecards of the
    interviews where they submitted theirs (independence: nobody reads others' first)."""
    scorecards = Scorecard.objects.select_related(
        "interviewer", "interview__round", "interview__application__candidate"
    ).prefetch_related(Prefetch("ratings", queryset=_ratings()))
    if is_hr(user):
        return scorecards
    if not is_interviewer(user):
        return scorecards.none()
    submitted_mine = Scorecard.objects.filter(
        interviewer_id=user.pk, status=ScorecardStatus.SUBMITTED
    ).values("interview_id")
    return scorecards.filter(
        Q(interviewer_id=user.pk)
        | Q(interview_id__in=submitted_mine, status=ScorecardStatus.SUBMITTED)
    )


def _ratings() -> QuerySet[Rating]:
    return Rating.objects.select_related("criterion").order_by(
        "criterion__position", "criterion_id"
    )


def scorecard_visible_to(user: Viewer, scorecard: Scorecard) -> bool:
    return scorecard_list_for_user(user).filter(pk=scorecard.pk).exists()


def scorecard_get_for_user(user: Viewer, pk: int) -> Scorecard:
    """The one access check for a scorecard (see `scorecard_list_for_user`)."""
    found = scorecard_list_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such scorecard."))
    return found


def own_scorecard(user: Viewer, interview: Interview) -> Scorecard | None:
    return (
        Scorecard.objects.filter(interview=interview, interviewer_id=user.pk)
        .prefetch_related(Prefetch("ratings", queryset=_ratings()))
        .first()
    )


def interview_scorecards_for_user(user: Viewer, interview: Interview) -> list[Scorecard]:
    """The scorecards of one interview the user may read, panel order."""
    return list(
        scorecard_list_for_user(user)
        .filter(interview=interview)
        .prefetch_related("reopenings__by")
        .order_by("created_at", "id")
    )


def scorecard_progress(
    interview: Interview, scorecards: list[Scorecard], *, minimum: int
) -> tuple[int, int]:
    """(submitted, needed): the submitted scorecards of the current panel, and how many the
    round waits for: every current member's, and never fewer than the round's minimum panel
    (`minimum`), so that removing members cannot shrink what the round needs."""
    members = {m.interviewer_id for m in active_panel(interview)}
    submitted = {s.interviewer_id for s in scorecards if s.is_submitted}
    return len(members & submitted), max(len(members), minimum)


def ratings_by_card(scorecards: list[Scorecard]) -> list[dict[int, int]]:
    """Submitted scorecards as the pure scoring module reads them."""
    return [
        {r.criterion_id: r.score for r in card.ratings.all() if r.score}
        for card in scorecards
        if card.is_submitted
    ]


def weights(criteria: list[Criterion]) -> dict[int, int]:
    return {c.pk: c.weight for c in criteria}


# --- the gate ------------------------------------------------------------------------------


def round_refusal(
    application: Application, round_: InterviewRound, *, need_decision: bool = True
) -> str | None:
    """What keeps an application from leaving the round: no interview held, scorecards
    missing (every current panel member's, and at least the round's minimum panel of them),
    or (with `need_decision`) no advance decision. None when nothing is missing."""
    interview = live_interview(application, round_)
    scorecards = list(Scorecard.objects.filter(interview=interview)) if interview else []
    return _round_refusal(
        round_,
        interview,
        scorecards,
        lambda: RoundDecision.objects.filter(application=application, round=round_).first(),
        need_decision=need_decision,
    )


def round_refusals(
    applications: Sequence[Application], rounds: dict[int, InterviewRound]
) -> dict[int, str | None]:
    """`round_refusal` (with the decision) of each application in the round `rounds` has for
    its stage, by id, with four queries whatever their number."""
    by_key = {(a.pk, rounds[a.stage_id].pk): a for a in applications}
    ids, round_ids = {a.pk for a in applications}, {r.pk for r in rounds.values()}
    live: dict[tuple[int, int], Interview] = {}
    found = (
        Interview.objects.filter(
            application_id__in=ids, round_id__in=round_ids, status__in=LIVE_STATUSES
        )
        .prefetch_related(
            Prefetch("panel", queryset=PanelMember.objects.select_related("interviewer"))
        )
        .order_by("starts_at", "id")  # `.first()` of `live_interview`
    )
    for interview in found:
        live.setdefault((interview.application_id, interview.round_id), interview)
    scorecards: dict[int, list[Scorecard]] = {i.pk: [] for i in live.values()}
    for card in Scorecard.objects.filter(interview_id__in=scorecards):
        scorecards[card.interview_id].append(card)
    decisions: dict[tuple[int, int], RoundDecision] = {}
    chosen = RoundDecision.objects.filter(application_id__in=ids, round_id__in=round_ids)
    for decision in chosen.order_by("round", "decided_at", "id"):  # `.first()` of the gate
        decisions.setdefault((decision.application_id, decision.round_id), decision)
    refusals: dict[int, str | None] = {}
    for key, application in by_key.items():
        held = live.get(key)
        refusals[application.pk] = _round_refusal(
            rounds[application.stage_id],
            held,
            scorecards[held.pk] if held else [],
            partial(decisions.get, key),
        )
    return refusals


def _round_refusal(
    round_: InterviewRound,
    interview: Interview | None,
    scorecards: list[Scorecard],
    decision: Callable[[], RoundDecision | None],
    *,
    need_decision: bool = True,
) -> str | None:
    if interview is None:
        return _("no interview held in %(round)s yet") % {"round": round_.name}
    minimum = round_.min_panel_size
    submitted, needed = scorecard_progress(interview, scorecards, minimum=minimum)
    if submitted < needed and len(active_panel(interview)) < minimum:
        # The panel shrank below the minimum: HR adds (or replaces) a member, who scores.
        return _("%(submitted)d of the %(needed)d scorecards the round needs") % {
            "submitted": submitted,
            "needed": needed,
        }
    if submitted < needed:
        return _("%(submitted)d of %(expected)d scorecards submitted") % {
            "submitted": submitted,
            "expected": needed,
        }
    if not need_decision:
        return None
    decided = decision()
    if decided is None or decided.outcome != RoundOutcome.ADVANCE:
        return _("no advance decision for %(round)s") % {"round": round_.name}
    return None


def round_decision(application: Application, round_: InterviewRound) -> RoundDecision | None:
    return (
        RoundDecision.objects.filter(application=application, round=round_)
        .select_related("rejection_reason", "decided_by")
        .first()
    )


# --- the interviewer's portal --------------------------------------------------------------


@dataclass
class MyInterview:
    member: PanelMember
    scorecard: Scorecard | None

    @property
    def interview(self) -> Interview:
        return self.member.interview

    @property
    def submitted(self) -> bool:
        return self.scorecard is not None and self.scorecard.is_submitted


@dataclass
class MyInterviews:
    upcoming: list[MyInterview] = field(default_factory=list)
    awaiting: list[MyInterview] = field(default_factory=list)
    done: list[MyInterview] = field(default_factory=list)


def _my_seats(user: Viewer) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(
        interviewer_id=user.pk, removed_at__isnull=True
    ).select_related(
        "interview__round", "interview__application__candidate", "interview__application__job"
    )


def _with_scorecards(user: Viewer, members: list[PanelMember]) -> list[MyInterview]:
    cards = {
        s.interview_id: s
        for s in Scorecard.objects.filter(
            interviewer_id=user.pk, interview_id__in=[m.interview_id for m in members]
        )
    }
    return [MyInterview(member, cards.get(member.interview_id)) for member in members]


def my_done_seats(user: Viewer) -> QuerySet[PanelMember]:
    """The user's seats that are done (their scorecard submitted, or the interview was
    cancelled or missed), most recent first: the "Done" list, paged with `my_interview_rows`."""
    submitted = Scorecard.objects.filter(
        interviewer_id=user.pk,
        interview_id=OuterRef("interview_id"),
        status=ScorecardStatus.SUBMITTED,
    )
    return (
        _my_seats(user)
        .filter(Q(Exists(submitted)) | ~Q(interview__status__in=LIVE_STATUSES))
        .order_by("-interview__starts_at", "-interview_id")
    )


def my_interview_rows(user: Viewer, members: Iterable[PanelMember]) -> list[MyInterview]:
    """Seats (a page of `my_done_seats`) with the user's scorecards (one query)."""
    return _with_scorecards(user, list(members))


def my_interviews(user: Viewer, *, now: datetime, done: bool = True) -> MyInterviews:
    """The user's seats, sorted into: upcoming; held and awaiting their scorecard; done
    (scorecard submitted, or the interview was cancelled or missed). Two queries.

    `done=False` leaves the done ones out (the page lists them a page at a time from
    `my_done_seats`)."""
    members = _my_seats(user).order_by("interview__starts_at", "interview_id")
    if not done:
        members = members.filter(interview__status__in=LIVE_STATUSES)
    result = MyInterviews()
    for item in _with_scorecards(user, list(members)):
        interview = item.interview
        if item.submitted or not interview.is_live:
            if done:
                result.done.append(item)
        elif interview.starts_at > now:
            result.upcoming.append(item)
        else:
            result.awaiting.append(item)
    result.done.reverse()  # most recent first
    return result


def candidate_seats(user: Viewer, *, now: datetime | None = None) -> QuerySet[PanelMember]:
    """The seats that still give this interviewer access to their candidate (for an
    `OuterRef("pk")` of an application): a current seat on an interview that was not
    cancelled, whose round was not decided more than INTERVIEWER_ACCESS_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INTERVIEWER_ACCESS_DAYS)
    long_decided = RoundDecision.objects.filter(
        application=OuterRef("interview__application"),
        round=OuterRef("interview__round"),
        decided_at__lt=cutoff,
    )
    return (
        PanelMember.objects.filter(
            interview__application=OuterRef("pk"), interviewer_id=user.pk, removed_at__isnull=True
        )
        .exclude(interview__status=InterviewStatus.CANCELLED)
        .exclude(Exists(long_decided))
    )


def application_get_for_interviewer(user: Viewer, pk: int) -> Application:
    """An application as a panel member may see it: only a candidate they are assigned to,
    for as long as the seat gives access (`candidate_seats`); HR sees all."""
    applications = application_list()
    if not is_hr(user):
        if not is_interviewer(user):
            raise Http404(_("No such application."))
        applications = applications.filter(Exists(candidate_seats(user)))
    found = applications.filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such application."))
    return found


# --- HR: the round overview and one interview ------------------------------------------------


@dataclass
class CriterionSpread:
    criterion: Criterion
    spread: scoring.Spread


@dataclass
class InterviewSummary:
    interview: Interview
    members: list[PanelMember]
    scorecards: list[Scorecard]
    submitted: int
    expected: int  # the scorecards the round waits for (see `scorecard_progress`)
    score: float | None
    spreads: list[CriterionSpread]
    missing_members: int = 0  # members to add before the panel is the round's minimum again

    @property
    def disagreements(self) -> list[Criterion]:
        return [s.criterion for s in self.spreads if s.spread.disagreement]

    @property
    def conflicts(self) -> list[PanelMember]:
        return [m for m in self.members if m.conflict_status == ConflictStatus.DECLARED]

    @property
    def complete(self) -> bool:
        return self.submitted >= self.expected


def interview_summary(
    interview: Interview,
    scorecards: list[Scorecard],
    criteria: list[Criterion],
    *,
    min_panel_size: int,
) -> InterviewSummary:
    """Progress, weighted score and per-criterion spread of one interview (no queries when the
    panel and the scorecards' ratings are prefetched); `min_panel_size` is its round's."""
    cards = ratings_by_card(scorecards)
    by_id = {c.pk: c for c in criteria}
    submitted, expected = scorecard_progress(interview, scorecards, minimum=min_panel_size)
    members = active_panel(interview)
    return InterviewSummary(
        interview=interview,
        members=members,
        scorecards=scorecards,
        submitted=submitted,
        expected=expected,
        score=scoring.interview_score(cards, weights(criteria)),
        spreads=[
            CriterionSpread(by_id[s.criterion_id], s)
            for s in scoring.criterion_spread(cards, list(by_id))
        ],
        missing_members=max(0, min_panel_size - len(members)),
    )


@dataclass
class OverviewRow:
    application: Application
    summary: InterviewSummary | None  # the interview that counts (live), else the latest one
    earlier: list[Interview]  # cancelled or missed
    decision: RoundDecision | None
    in_round: bool  # active and standing in this round's stage: HR can act

    @property
    def can_schedule(self) -> bool:
        return self.in_round and (self.summary is None or not self.summary.interview.is_live)

    @property
    def can_decide(self) -> bool:
        return self.in_round


@dataclass
class RoundOverview:
    round: InterviewRound
    criteria: list[Criterion]
    rows: list[OverviewRow]

    @property
    def score(self) -> float | None:
        return scoring.round_score(
            row.summary.score for row in self.rows if row.summary and row.summary.interview.is_live
        )


def round_overview(round_: InterviewRound, *, include_closed: bool = False) -> RoundOverview:
    """Every application in the round's stage, or that had an interview or a decision in it,
    with its interview, scorecard progress, score, disagreements and decision. Six queries."""
    criteria = round_criteria(round_)
    in_round = Q(stage=round_.stage) | Exists(
        Interview.objects.filter(round=round_, application=OuterRef("pk"))
    )
    found = application_list().filter(in_round, job_id=round_.stage.job_id)
    if not include_closed:
        found = found.exclude(status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN])
    applications = list(found.order_by("candidate__full_name", "id"))
    interviews = (
        Interview.objects.filter(round=round_)
        .prefetch_related(
            Prefetch("panel", queryset=PanelMember.objects.select_related("interviewer")),
            Prefetch(
                "scorecards",
                queryset=Scorecard.objects.select_related("interviewer").prefetch_related(
                    Prefetch("ratings", queryset=_plain_ratings())
                ),
            ),
        )
        .order_by("starts_at", "id")
    )
    by_application: dict[int, list[Interview]] = defaultdict(list)
    for interview in interviews:
        by_application[interview.application_id].append(interview)
    decisions = {
        d.application_id: d
        for d in RoundDecision.objects.filter(round=round_).select_related(
            "rejection_reason", "decided_by"
        )
    }
    rows = []
    for application in applications:
        own = by_application.get(application.pk, [])
        live = [i for i in own if i.is_live]
        current = live[-1] if live else (own[-1] if own else None)
        rows.append(
            OverviewRow(
                application=application,
                summary=interview_summary(
                    current,
                    list(current.scorecards.all()),
                    criteria,
                    min_panel_size=round_.min_panel_size,
                )
                if current
                else None,
                earlier=[i for i in own if not i.is_live and i is not current],
                decision=decisions.get(application.pk),
                in_round=stands_in_round(application, round_),
            )
        )
    return RoundOverview(round_, criteria, rows)


def _plain_ratings() -> QuerySet[Rating]:
    return Rating.objects.order_by("criterion_id")


def interview_detail_for_hr(interview: Interview) -> InterviewSummary:
    """One interview for HR: every scorecard (drafts too) with its reopenings."""
    scorecards = list(
        Scorecard.objects.filter(interview=interview)
        .select_related("interviewer")
        .prefetch_related(Prefetch("ratings", queryset=_ratings()), "reopenings__by")
        .order_by("created_at", "id")
    )
    return interview_summary(
        interview,
        scorecards,
        round_criteria(interview.round),
        min_panel_size=interview.round.min_panel_size,
    )


@dataclass
class ApplicationRound:
    """One interview round of the job, on the HR application page."""

    round: InterviewRound
    summaries: list[InterviewSummary]
    decision: RoundDecision | None
    current: bool  # the application stands (active) in this round's stage


def application_interviews(application: Application) -> list[ApplicationRound]:
    """The HR application page's panel: per interview round of the job, its interviews with
    progress and score, and the decision."""
    rounds = job_rounds(application.job)
    if not rounds:
        return []
    interviews = (
        Interview.objects.filter(application=application)
        .prefetch_related(
            Prefetch("panel", queryset=PanelMember.objects.select_related("interviewer")),
            Prefetch(
                "scorecards",
                queryset=Scorecard.objects.prefetch_related(
                    Prefetch("ratings", queryset=_plain_ratings())
                ),
            ),
        )
        .order_by("starts_at", "id")
    )
    by_round: dict[int, list[Interview]] = defaultdict(list)
    for interview in interviews:
        by_round[interview.round_id].append(interview)
    decisions = {
        d.round_id: d
        for d in RoundDecision.objects.filter(application=application).select_related(
            "rejection_reason", "decided_by"
        )
    }
    return [
        ApplicationRound(
            round=round_,
            summaries=[
                interview_summary(
                    i,
                    list(i.scorecards.all()),
                    round_criteria(round_),
                    min_panel_size=round_.min_panel_size,
                )
                for i in by_round.get(round_.pk, [])
            ],
            decision=decisions.get(round_.pk),
            current=stands_in_round(application, round_),
        )
        for round_ in rounds
    ]


# --- calibration ---------------------------------------------------------------------------


@dataclass
class CalibrationLine:
    interviewer: User
    row: scoring.CalibrationRow[int]


def calibration_for_job(job: JobOpening) -> list[CalibrationLine]:
    """Each interviewer's mean rating against their panels' mean, over the job's interviews."""
    scorecards = (
        Scorecard.objects.filter(interview__round__stage__job=job, status=ScorecardStatus.SUBMITTED)
        .select_related("interviewer")
        .prefetch_related(Prefetch("ratings", queryset=_plain_ratings()))
    )
    per_interview: dict[int, dict[int, dict[int, int]]] = defaultdict(dict)
    users = {}
    for card in scorecards:
        users[card.interviewer_id] = card.interviewer
        per_interview[card.interview_id][card.interviewer_id] = {
            r.criterion_id: r.score for r in card.ratings.all() if r.score
        }
    return [
        CalibrationLine(users[row.interviewer], row)
        for row in scoring.calibration(per_interview.values())
    ]
