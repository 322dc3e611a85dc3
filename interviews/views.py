"""Interview pages: HR's rounds, schedules and decisions; the interviewer's portal; the HR
application page's interview panel."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import selectors as application_selectors
from applications.models import Application, StageKind
from applications.panels import Panel
from applications.views import cv_file_response
from ats.errors import DomainError
from ats.forms import add_domain_error
from ats.paging import page_of
from ats.roles import hr_required, is_hr, is_interviewer
from interviews import selectors, services
from interviews.forms import (
    ConflictForm,
    CriterionFormSet,
    DecisionForm,
    NoteForm,
    PanelMemberForm,
    ReasonForm,
    RoundForm,
    ScheduleForm,
    ScorecardForm,
    TimeForm,
)
from interviews.models import (
    Criterion,
    Interview,
    InterviewRound,
    PanelMember,
    Scorecard,
)

# The interviewer's "Done" list grows for ever; it is shown this many at a time.
DONE_PAGE_SIZE = 20


def interviewer_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Page decorator: log in first, then interviewers (and HR) only; others get 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not (is_interviewer(request.user) or is_hr(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- HR: the job's interviews tab ----------------------------------------------------------


@hr_required
@require_GET
def job_interviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The tab: the rounds are created on first visit; it opens on the first round."""
    job = application_selectors.job_get(pk)
    rounds = services.rounds_ensure_for_job(job=job, actor=request.user)
    if rounds:
        return redirect("hr-round", pk=rounds[0].pk)
    return render(request, "interviews/no_rounds.html", {"job": job})


def _round_page(request: HttpRequest, round_: InterviewRound, **extra: Any) -> dict[str, Any]:
    job = round_.stage.job
    return {
        "job": job,
        "round": round_,
        "rounds": selectors.job_rounds(job),
        **extra,
    }


@hr_required
@require_GET
def round_overview(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(request.user, pk)
    include_closed = request.GET.get("closed") == "1"
    overview = selectors.round_overview(round_, include_closed=include_closed)
    # The round's score and counts are over every row; the table shows a page of them.
    page = page_of(overview.rows, request)
    context = _round_page(
        request,
        round_,
        overview=overview,
        page=page,
        include_closed=include_closed,
        reasons=list(application_selectors.rejection_reasons()),
        tab="overview",
    )
    return render(request, "interviews/round_overview.html", context)


@hr_required
def round_setup(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(request.user, pk)
    criteria = selectors.round_criteria(round_)
    if request.method == "POST":
        form = RoundForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            items = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.round_update(
                    actor=request.user,
                    round=round_,
                    name=form.cleaned_data["name"],
                    min_panel_size=form.cleaned_data["min_panel_size"],
                    criteria=items,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The round is set up."))
                return redirect("hr-round-setup", pk=round_.pk)
        status = 400
    else:
        form = RoundForm(initial={"name": round_.name, "min_panel_size": round_.min_panel_size})
        formset = CriterionFormSet(initial=services.criterion_specs(criteria), prefix="criteria")
        status = 200
    context = _round_page(request, round_, form=form, formset=formset, tab="setup")
    return render(request, "interviews/round_setup.html", context, status=status)


@hr_required
@require_GET
def job_calibration(request: HttpRequest, pk: int) -> HttpResponse:
    job = application_selectors.job_get(pk)
    lines = selectors.calibration_for_job(job)
    return render(
        request,
        "interviews/calibration.html",
        {"job": job, "rounds": selectors.job_rounds(job), "lines": lines, "tab": "calibration"},
    )


@hr_required
def interview_schedule(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    round_ = selectors.round_get_for_user(request.user, pk)
    application = application_selectors.application_get_for_user(request.user, application_pk)
    if application.job_id != round_.stage.job_id:
        raise Http404(_("No such application."))
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                interview = services.interview_schedule(
                    actor=request.user,
                    application=application,
                    round=round_,
                    **form.service_arguments(),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Interview scheduled; the invitations are on their way.")
                    if not form.cleaned_data["already_held"]
                    else _("Interview recorded; no invitations were sent."),
                )
                return redirect("hr-interview", pk=interview.pk)
        status = 400
    else:
        form = ScheduleForm()
    context = _round_page(
        request,
        round_,
        form=form,
        application=application,
        in_round=selectors.stands_in_round(application, round_),
        tab="overview",
    )
    return render(request, "interviews/schedule.html", context, status=status)


@hr_required
@require_POST
def round_decide(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    """The overview's decision buttons; back to the overview with the outcome as a message."""
    round_ = selectors.round_get_for_user(request.user, pk)
    application = application_selectors.application_get_for_user(request.user, application_pk)
    form = DecisionForm(request.POST)
    name = application.candidate.full_name
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{name}: {error}")
        return redirect("hr-round", pk=round_.pk)
    data = form.cleaned_data
    try:
        services.round_decision_record(
            actor=request.user,
            application=application,
            round=round_,
            outcome=data["outcome"],
            note=data["note"],
            rejection_reason=data["rejection_reason"],
            move_on=data["move_on"],
        )
    except DomainError as exc:
        messages.error(request, f"{name}: {exc.message}")
    else:
        words = {
            "advance": _("%(name)s advances."),
            "reject": _("%(name)s is rejected; the applicant will be told."),
        }
        messages.success(request, words[data["outcome"]] % {"name": name})
    next_url = request.POST.get("next", "")
    if next_url.startswith("/hr/"):
        return redirect(next_url)
    return redirect("hr-round", pk=round_.pk)


# --- HR: one interview ---------------------------------------------------------------------


def _hr_interview(request: HttpRequest, pk: int) -> Interview:
    interview = selectors.interview_get_for_user(request.user, pk)
    if not is_hr(request.user):
        raise PermissionDenied
    return interview


def _interview_context(interview: Interview, **bound: Any) -> dict[str, Any]:
    """HR's page of one interview; `bound` holds a posted form that failed (and the row it
    belongs to: `member_id` or `scorecard_id`), shown in place of the blank one."""
    summary = selectors.interview_detail_for_hr(interview)
    seats = {m.interviewer_id: n for n, m in enumerate(interview.panel.all())}
    ordered = sorted(summary.scorecards, key=lambda s: seats.get(s.interviewer_id, len(seats)))
    failed_member = bound.pop("member_id", None)
    failed_scorecard = bound.pop("scorecard_id", None)
    context = {
        "interview": interview,
        "application": interview.application,
        "candidate": interview.application.candidate,
        "job": interview.application.job,
        "round": interview.round,
        "summary": summary,
        "grid": _rating_grid(summary, selectors.round_criteria(interview.round)),
        "members": _member_rows(summary, bound if failed_member else {}, failed_member),
        "removed": [m for m in interview.panel.all() if not m.is_active],
        "scorecards": [
            {
                "scorecard": s,
                "reopen_form": bound.get("reopen_form")
                if failed_scorecard == s.pk
                else ReasonForm(prefix=f"s{s.pk}"),
            }
            for s in ordered
        ],
        "has_drafts": any(not s.is_submitted for s in summary.scorecards),
        "decision": selectors.round_decision(interview.application, interview.round),
        "reschedule_form": TimeForm(initial=TimeForm.initial_for(interview)),
        "cancel_form": NoteForm(prefix="cancel"),
        "no_show_form": NoteForm(prefix="noshow"),
        "add_form": PanelMemberForm(prefix="add"),
        "now": timezone.now(),
    }
    context.update({k: v for k, v in bound.items() if k.endswith("_form")})
    return context


def _rating_grid(
    summary: selectors.InterviewSummary, criteria: list[Criterion]
) -> list[dict[str, Any]]:
    """One row per criterion: each current member's rating (or None) and the spread."""
    ratings = {
        s.interviewer_id: {r.criterion_id: r for r in s.ratings.all()} for s in summary.scorecards
    }
    spreads = {s.criterion.pk: s.spread for s in summary.spreads}
    return [
        {
            "criterion": c,
            "cells": [ratings.get(m.interviewer_id, {}).get(c.pk) for m in summary.members],
            "spread": spreads.get(c.pk),
        }
        for c in criteria
    ]


def _member_rows(
    summary: selectors.InterviewSummary, bound: dict[str, Any], failed_member: int | None
) -> list[dict[str, Any]]:
    """One row per current member: their scorecard and the replace and remove forms (the
    posted one again for the member it failed for)."""
    cards = {s.interviewer_id: s for s in summary.scorecards}
    return [
        {
            "member": m,
            "scorecard": cards.get(m.interviewer_id),
            "replace_form": bound["replace_form"]
            if failed_member == m.pk and "replace_form" in bound
            else PanelMemberForm(prefix=f"m{m.pk}"),
            "remove_form": bound["remove_form"]
            if failed_member == m.pk and "remove_form" in bound
            else ReasonForm(prefix=f"r{m.pk}"),
        }
        for m in summary.members
    ]


@hr_required
@require_GET
def hr_interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _hr_interview(request, pk)
    return render(request, "interviews/hr_interview.html", _interview_context(interview))


def _hr_act(
    request: HttpRequest,
    pk: int,
    *,
    form: Any,
    form_name: str,
    perform: Callable[[Interview, dict[str, Any]], Any],
    success: str,
    row: dict[str, int] | None = None,
) -> HttpResponse:
    """Validate a posted form, run the service, or show the page again with the refusal."""
    interview = _hr_interview(request, pk)
    if form.is_valid():
        try:
            perform(interview, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("hr-interview", pk=interview.pk)
    messages.error(request, _("Nothing was changed; see the form below."))
    interview = _hr_interview(request, pk)
    context = _interview_context(interview, **{form_name: form}, **(row or {}))
    return render(request, "interviews/hr_interview.html", context, status=400)


@hr_required
@require_POST
def interview_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    form = TimeForm(request.POST)
    return _hr_act(
        request,
        pk,
        form=form,
        form_name="reschedule_form",
        perform=lambda i, d: services.interview_reschedule(
            actor=request.user, interview=i, **form.service_arguments()
        ),
        success=_("Interview moved; everyone gets the updated invitation.")
        if not request.POST.get("already_held")
        else _("Interview time recorded; nobody was told."),
    )


@hr_required
@require_POST
def interview_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _hr_act(
        request,
        pk,
        form=NoteForm(request.POST, prefix="cancel"),
        form_name="cancel_form",
        perform=lambda i, d: services.interview_cancel(
            actor=request.user, interview=i, reason=d["note"]
        ),
        success=_("Interview cancelled; everyone is told."),
    )


@hr_required
@require_POST
def interview_no_show(request: HttpRequest, pk: int) -> HttpResponse:
    return _hr_act(
        request,
        pk,
        form=NoteForm(request.POST, prefix="noshow"),
        form_name="no_show_form",
        perform=lambda i, d: services.interview_no_show(
            actor=request.user, interview=i, note=d["note"]
        ),
        success=_("No-show recorded."),
    )


@hr_required
@require_POST
def panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _hr_act(
        request,
        pk,
        form=PanelMemberForm(request.POST, prefix="add"),
        form_name="add_form",
        perform=lambda i, d: services.panel_member_add(
            actor=request.user, interview=i, interviewer=d["interviewer"]
        ),
        success=_("Panel member added (and invited, if the interview is still ahead)."),
    )


@hr_required
@require_POST
def panel_replace(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    _hr_interview(request, pk)
    member = get_object_or_404(PanelMember, pk=member_pk, interview_id=pk)
    return _hr_act(
        request,
        pk,
        form=PanelMemberForm(request.POST, prefix=f"m{member.pk}"),
        form_name="replace_form",
        perform=lambda i, d: services.panel_member_replace(
            actor=request.user, member=member, replacement=d["interviewer"]
        ),
        success=_("Panel member replaced (and the invitations updated, if still ahead)."),
        row={"member_id": member.pk},
    )


@hr_required
@require_POST
def panel_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    _hr_interview(request, pk)
    member = get_object_or_404(PanelMember, pk=member_pk, interview_id=pk)
    return _hr_act(
        request,
        pk,
        form=ReasonForm(request.POST, prefix=f"r{member.pk}"),
        form_name="remove_form",
        perform=lambda i, d: services.panel_member_remove(
            actor=request.user, member=member, reason=d["reason"]
        ),
        success=_("Panel member removed."),
        row={"member_id": member.pk},
    )


@hr_required
@require_POST
def scorecard_reopen(request: HttpRequest, pk: int, scorecard_pk: int) -> HttpResponse:
    _hr_interview(request, pk)
    scorecard = get_object_or_404(Scorecard, pk=scorecard_pk, interview_id=pk)
    return _hr_act(
        request,
        pk,
        form=ReasonForm(request.POST, prefix=f"s{scorecard.pk}"),
        form_name="reopen_form",
        perform=lambda i, d: services.scorecard_reopen(
            actor=request.user, scorecard=scorecard, reason=d["reason"]
        ),
        success=_("Scorecard reopened; its author is told."),
        row={"scorecard_id": scorecard.pk},
    )


# --- the interviewer's portal --------------------------------------------------------------


@interviewer_required
@require_GET
def my_interviews(request: HttpRequest) -> HttpResponse:
    """Open seats in full (upcoming, awaiting a scorecard); the done ones a page at a time."""
    mine = selectors.my_interviews(request.user, now=timezone.now(), done=False)
    page = page_of(selectors.my_done_seats(request.user), request, per_page=DONE_PAGE_SIZE)
    done = selectors.my_interview_rows(request.user, page.object_list)
    return render(
        request, "interviews/my_interviews.html", {"mine": mine, "done": done, "page": page}
    )


def _portal_context(
    request: HttpRequest,
    interview: Interview,
    *,
    scorecard_form: ScorecardForm | None = None,
    conflict_form: ConflictForm | None = None,
) -> dict[str, Any]:
    seat = selectors.panel_member_for(request.user, interview)
    criteria = selectors.round_criteria(interview.round)
    mine = selectors.own_scorecard(request.user, interview)
    submitted = mine is not None and mine.is_submitted
    # Independence: the others' scorecards, and anything computed from them, only after the
    # user's own is submitted (the selector enforces it; the page does not even ask before).
    others = (
        [
            s
            for s in selectors.interview_scorecards_for_user(request.user, interview)
            if s.interviewer_id != request.user.pk
        ]
        if submitted
        else []
    )
    summary = (
        selectors.interview_summary(
            interview,
            [mine, *others],
            criteria,
            min_panel_size=interview.round.min_panel_size,
        )
        if mine is not None and submitted
        else None
    )
    application = interview.application
    return {
        "interview": interview,
        "application": application,
        "candidate": application.candidate,
        "job": application.job,
        "round": interview.round,
        "seat": seat,
        "criteria": criteria,
        "scorecard": mine,
        "submitted": submitted,
        "others": others,
        "summary": summary,
        "panel": selectors.active_panel(interview),
        "can_score": selectors.may_score(interview, seat),
        "started": interview.starts_at <= timezone.now(),
        "scorecard_form": scorecard_form
        or ScorecardForm(initial=ScorecardForm.initial_for(mine), criteria=criteria),
        "conflict_form": conflict_form or ConflictForm(),
    }


def _seat_or_403(request: HttpRequest, interview: Interview) -> PanelMember:
    seat = selectors.panel_member_for(request.user, interview)
    if seat is None:
        raise PermissionDenied  # HR, who reach the interview but do not sit on its panel
    return seat


@interviewer_required
@require_GET
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A panel member's page of one interview; HR (not on the panel) go to theirs."""
    interview = selectors.interview_get_for_user(request.user, pk)
    if selectors.panel_member_for(request.user, interview) is None:
        return redirect("hr-interview", pk=interview.pk)
    return render(request, "interviews/interview.html", _portal_context(request, interview))


@interviewer_required
@require_POST
def interview_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    interview = selectors.interview_get_for_user(request.user, pk)
    seat = _seat_or_403(request, interview)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["answer"] == "none":
                services.panel_member_confirm_no_conflict(actor=request.user, member=seat)
                messages.success(request, _("Thank you; you can now fill in your scorecard."))
            else:
                services.panel_member_declare_conflict(
                    actor=request.user, member=seat, note=form.cleaned_data["note"]
                )
                messages.success(request, _("Your conflict is recorded; HR will replace you."))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("interview-detail", pk=interview.pk)
    interview = selectors.interview_get_for_user(request.user, pk)
    context = _portal_context(request, interview, conflict_form=form)
    return render(request, "interviews/interview.html", context, status=400)


@interviewer_required
@require_POST
def interview_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft, or (the submit button) save and submit it in one go."""
    interview = selectors.interview_get_for_user(request.user, pk)
    _seat_or_403(request, interview)
    criteria = selectors.round_criteria(interview.round)
    form = ScorecardForm(request.POST, criteria=criteria)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            services.scorecard_save(
                actor=request.user,
                interview=interview,
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
                ratings=form.ratings(),
                submit=submit,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("Scorecard submitted.") if submit else _("Draft saved; submit it when ready."),
            )
            return redirect("interview-detail", pk=interview.pk)
    interview = selectors.interview_get_for_user(request.user, pk)
    context = _portal_context(request, interview, scorecard_form=form)
    return render(request, "interviews/interview.html", context, status=400)


@interviewer_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application as a panel member sees it: who, what they answered, their CV."""
    application = selectors.application_get_for_interviewer(request.user, pk)
    interviews = [
        i for i in selectors.interview_list_for_user(request.user).filter(application=application)
    ]
    submission = getattr(application, "submission", None)
    return render(
        request,
        "interviews/candidate.html",
        {
            "application": application,
            "candidate": application.candidate,
            "job": application.job,
            "cv": getattr(application, "cv", None),
            "interviews": interviews,
            "cover_letter": submission.cover_letter if submission else "",
        },
    )


@interviewer_required
@require_GET
def candidate_cv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The CV file, for the candidate's panel members (and HR) only."""
    application = selectors.application_get_for_interviewer(request.user, pk)
    return cv_file_response(application, request)


# --- the HR application page ---------------------------------------------------------------


def application_panel(request: HttpRequest, application: Application) -> Panel | None:
    """The interview rounds on the HR application page (HR only; nothing before the interview
    stages, nor for a job without interview rounds)."""
    if not is_hr(request.user):
        return None
    # Interviews happen in interview stages; before them there is nothing to show (and no
    # query to make on the page of every new application).
    if application.stage.kind not in (StageKind.INTERVIEW, StageKind.OFFER, StageKind.HIRED):
        return None
    rounds = selectors.application_interviews(application)
    if not rounds:
        return None
    return Panel(
        "interviews/_application_panel.html",
        {
            "interview_rounds": rounds,
            "interviews_url": reverse("hr-job-interviews", args=[application.job_id]),
        },
        order=50,
    )
