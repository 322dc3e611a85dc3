"""Interview rounds: one per interview stage, default criteria with anchors, HR's setup."""

import pytest

from applications.models import PipelineTemplate
from ats.errors import DomainError, InvalidInput
from interviews import selectors, services
from interviews.models import Criterion, InterviewRound
from tests.factories import make_job
from tests.interviews.conftest import score, services_template_without_interviews

pytestmark = pytest.mark.django_db


def _fresh(round_):
    return selectors.round_criteria(InterviewRound.objects.get(pk=round_.pk))


def _items(round_):
    return [
        {"id": c.pk, **{f: getattr(c, f) for f in services.CRITERION_FIELDS}}
        for c in selectors.round_criteria(round_)
    ]


def test_rounds_follow_the_interview_stages_with_default_criteria(rounds, job):
    assert [(r.name, r.stage.position) for r in rounds] == [
        ("Interview round 1", 3),
        ("Interview round 2", 4),
    ]
    first = selectors.round_criteria(rounds[0])
    assert [c.name for c in first] == [
        "Technical knowledge",
        "Communication",
        "Motivation and fit",
        "International experience",
    ]
    assert [c.name for c in selectors.round_criteria(rounds[1])][0] == "Programme management"
    assert all(all(text for _point, text in c.anchors) for c in first)
    assert rounds[0].min_panel_size == 2


def test_ensuring_twice_creates_nothing_more(rounds, job, hr_user):
    again = services.rounds_ensure_for_job(job=job, actor=hr_user)
    assert [r.pk for r in again] == [r.pk for r in rounds]
    assert Criterion.objects.count() == 8


def test_a_job_without_interview_stages_has_no_rounds(hr_user):
    template = services_template_without_interviews()
    job = make_job(pipeline=template)
    assert services.rounds_ensure_for_job(job=job, actor=hr_user) == []
    assert not InterviewRound.objects.filter(stage__job=job).exists()


def test_hr_renames_reweights_reorders_and_adds(round1, hr_user):
    items = _items(round1)
    items[0]["weight"], items[1]["name"] = 40, "Communication in English"
    items.reverse()
    new = {
        "name": "Languages",
        "description": "",
        "weight": 10,
        **{f"anchor_{p}": f"level {p}" for p in range(1, 6)},
    }
    updated = services.round_update(
        actor=hr_user,
        round=round1,
        name="First interview",
        min_panel_size=3,
        criteria=[*items, new],
    )
    assert (updated.name, updated.min_panel_size) == ("First interview", 3)
    assert [(c.name, c.weight) for c in selectors.round_criteria(updated)] == [
        ("International experience", 20),
        ("Motivation and fit", 25),
        ("Communication in English", 25),
        ("Technical knowledge", 40),
        ("Languages", 10),
    ]


def test_two_criteria_may_swap_names(round1, hr_user):
    items = _items(round1)
    items[0]["name"], items[1]["name"] = items[1]["name"], items[0]["name"]
    services.round_update(actor=hr_user, round=round1, name="R1", min_panel_size=2, criteria=items)
    assert [c.name for c in _fresh(round1)][:2] == [
        "Communication",
        "Technical knowledge",
    ]


def test_a_rated_criterion_cannot_be_removed(held, hr_user, interviewer):
    score(held, interviewer, submit=False)
    items = _items(held.round)[1:]
    with pytest.raises(DomainError, match="Criteria that have ratings cannot be removed"):
        services.round_update(
            actor=hr_user, round=held.round, name="R1", min_panel_size=2, criteria=items
        )
    assert held.round.criteria.count() == 4


def test_bad_criteria_are_refused_and_change_nothing(round1, hr_user):
    items = _items(round1)
    with pytest.raises(InvalidInput) as refused:
        services.round_update(
            actor=hr_user,
            round=round1,
            name="R1",
            min_panel_size=2,
            criteria=[*items, {**items[0], "id": None}],
        )
    assert "same name" in refused.value.errors["criteria"][0]
    items[2]["anchor_3"] = ""
    with pytest.raises(InvalidInput) as refused:
        services.round_update(
            actor=hr_user, round=round1, name="R1", min_panel_size=2, criteria=items
        )
    assert "anchor_3" in refused.value.errors
    with pytest.raises(InvalidInput):
        services.round_update(actor=hr_user, round=round1, name="R1", min_panel_size=2, criteria=[])
    round1.refresh_from_db()
    assert round1.name == "Interview round 1"
    assert all(c.anchor_3 for c in round1.criteria.all())


def test_only_hr_sets_up_rounds(round1, interviewer):
    with pytest.raises(DomainError, match="Only HR staff"):
        services.round_update(
            actor=interviewer, round=round1, name="x", min_panel_size=2, criteria=_items(round1)
        )


def test_default_template_has_two_interview_stages():
    template = PipelineTemplate.objects.get(is_default=True)
    assert template.stages.filter(kind="interview").count() == 2
