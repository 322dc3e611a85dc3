"""Funding applications: their moves, and the rules of the programme they apply to."""

import datetime as dt

import pytest

from ats.errors import DomainError
from programs import services
from programs.models import CaseEvent, FundingApplication, FundingStatus

pytestmark = pytest.mark.django_db

SUBMITTED, DECIDED = dt.date(2019, 3, 15), dt.date(2019, 6, 20)


def _funding(case, hr, pifi, **kw) -> FundingApplication:
    return services.funding_application_create(
        case=case, actor=hr, programme=pifi, call_year=kw.pop("call_year", 2019), **kw
    )


def _award(funding, hr) -> FundingApplication:
    services.funding_application_move(
        funding=funding, actor=hr, to_status="submitted", submitted_on=SUBMITTED
    )
    return services.funding_application_move(
        funding=funding, actor=hr, to_status="awarded", decided_on=DECIDED
    )


def test_award_with_submission_and_decision_dates(make_case, hr_user, pifi):
    funding = _award(_funding(make_case(), hr_user, pifi), hr_user)
    assert (funding.status, funding.submitted_on, funding.decided_on) == (
        FundingStatus.AWARDED,
        SUBMITTED,
        DECIDED,
    )


def test_award_straight_from_draft_is_refused(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(
            funding=funding, actor=hr_user, to_status="awarded", decided_on=DECIDED
        )
    assert refused.value.code == "illegal_move"


def test_award_without_submission_date_is_refused(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    # Given one recorded as under review with no submission date (imported, say).
    FundingApplication.objects.filter(pk=funding.pk).update(status="under_review")
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(
            funding=funding, actor=hr_user, to_status="awarded", decided_on=DECIDED
        )
    assert refused.value.code == "submission_date_missing"
    funding.refresh_from_db()
    assert (funding.status, funding.decided_on) == ("under_review", None)


def test_submission_without_date_is_refused(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(funding=funding, actor=hr_user, to_status="submitted")
    assert refused.value.code == "submission_date_missing"


def test_award_without_decision_date_is_refused(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    services.funding_application_move(
        funding=funding, actor=hr_user, to_status="submitted", submitted_on=SUBMITTED
    )
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(funding=funding, actor=hr_user, to_status="awarded")
    assert refused.value.code == "decision_date_missing"


def test_decision_before_submission_is_refused(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    services.funding_application_move(
        funding=funding, actor=hr_user, to_status="submitted", submitted_on=SUBMITTED
    )
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(
            funding=funding,
            actor=hr_user,
            to_status="awarded",
            decided_on=SUBMITTED - dt.timedelta(days=1),
        )
    assert refused.value.code == "decision_before_submission"


def test_pifi_for_a_host_country_national_is_refused(make_case, hr_user, pifi):
    case = make_case(nationality="CN")
    with pytest.raises(DomainError) as refused:
        _funding(case, hr_user, pifi)
    assert refused.value.code == "host_national"
    assert not FundingApplication.objects.exists()


def test_pifi_award_refused_when_the_nationality_is_corrected_to_the_host_country(
    make_case, hr_user, pifi
):
    case = make_case()
    funding = _funding(case, hr_user, pifi)
    services.funding_application_move(
        funding=funding, actor=hr_user, to_status="submitted", submitted_on=SUBMITTED
    )
    services.case_update(case=case, actor=hr_user, nationality="CN")
    with pytest.raises(DomainError) as refused:
        services.funding_application_move(
            funding=funding, actor=hr_user, to_status="awarded", decided_on=DECIDED
        )
    assert refused.value.code == "host_national"


def test_programme_open_to_host_nationals_accepts_them(make_case, hr_user, pifi):
    pifi.excludes_host_nationals = False
    pifi.save()
    funding = _funding(make_case(nationality="CN"), hr_user, pifi)
    assert funding.status == FundingStatus.DRAFT


def _granted_continuations(candidate, host, hr, pifi, make_case, count):
    for n in range(1, count + 1):
        case = make_case(candidate=candidate, host=host)
        _award(_funding(case, hr, pifi, call_year=2019 + n, continuation_number=n), hr)


def test_third_continuation_for_same_expert_and_host_is_refused(make_case, hr_user, pifi):
    first = make_case()
    candidate, host = first.application.candidate, first.host_institute
    _granted_continuations(candidate, host, hr_user, pifi, make_case, 2)
    with pytest.raises(DomainError) as refused:
        _funding(make_case(candidate=candidate, host=host), hr_user, pifi, continuation_number=2)
    assert refused.value.code == "too_many_continuations"


def test_continuation_beyond_the_limit_is_refused(make_case, hr_user, pifi):
    with pytest.raises(DomainError) as refused:
        _funding(make_case(), hr_user, pifi, continuation_number=3)
    assert refused.value.code == "too_many_continuations"


def test_continuations_at_another_host_are_counted_apart(make_case, hr_user, pifi):
    first = make_case()
    candidate = first.application.candidate
    _granted_continuations(candidate, first.host_institute, hr_user, pifi, make_case, 2)
    other = make_case(candidate=candidate, host="Institute of Botany, CAS")
    funding = _funding(other, hr_user, pifi, continuation_number=1)
    assert funding.pk is not None


def test_second_continuation_is_allowed(make_case, hr_user, pifi):
    first = make_case()
    candidate, host = first.application.candidate, first.host_institute
    _granted_continuations(candidate, host, hr_user, pifi, make_case, 1)
    funding = _award(
        _funding(make_case(candidate=candidate, host=host), hr_user, pifi, continuation_number=2),
        hr_user,
    )
    assert funding.status == FundingStatus.AWARDED


def test_withdrawn_before_a_decision(make_case, hr_user, pifi):
    funding = _funding(make_case(), hr_user, pifi)
    services.funding_application_move(
        funding=funding, actor=hr_user, to_status="submitted", submitted_on=SUBMITTED
    )
    funding = services.funding_application_move(
        funding=funding, actor=hr_user, to_status="withdrawn"
    )
    assert funding.status == FundingStatus.WITHDRAWN


def test_withdrawn_after_the_award_is_refused(make_case, hr_user, pifi):
    funding = _award(_funding(make_case(), hr_user, pifi), hr_user)
    with pytest.raises(DomainError):
        services.funding_application_move(funding=funding, actor=hr_user, to_status="withdrawn")


def test_awarded_runs_active_then_completed(make_case, hr_user, pifi):
    funding = _award(_funding(make_case(), hr_user, pifi), hr_user)
    services.funding_application_move(funding=funding, actor=hr_user, to_status="active")
    funding = services.funding_application_move(
        funding=funding, actor=hr_user, to_status="completed"
    )
    assert funding.status == FundingStatus.COMPLETED


def test_each_funding_change_is_audited_on_the_case(make_case, hr_user, pifi):
    case = make_case()
    _award(_funding(case, hr_user, pifi), hr_user)
    summaries = list(
        case.events.filter(kind=CaseEvent.Kind.FUNDING).values_list("summary", flat=True)
    )
    assert len(summaries) == 3
    assert summaries[-1].endswith("Submitted → Awarded")


def test_update_cannot_move_the_decision_before_the_submission(make_case, hr_user, pifi):
    funding = _award(_funding(make_case(), hr_user, pifi), hr_user)
    with pytest.raises(DomainError):
        services.funding_application_update(
            funding=funding, actor=hr_user, decided_on=SUBMITTED - dt.timedelta(days=3)
        )
    funding.refresh_from_db()
    assert funding.decided_on == DECIDED
