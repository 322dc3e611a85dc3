"""A candidate's flags as the application page reads them (applications/selectors/duplicates.py)."""

import pytest
from django.urls import reverse

from applications import selectors, services
from tests.applications.duplicates_support import DISTINCT, flagged_pair
from tests.factories import CandidateFactory, make_application

pytestmark = pytest.mark.django_db


def test_candidate_flags_both_ways_with_the_other_candidate_and_applications(
    hr_user, django_assert_num_queries
):
    new_app, old_app, flag = flagged_pair()
    # Same name and nationality as both of them: flagged against each, one decided already.
    third = CandidateFactory(full_name="Anna Muller 0", email="anna@third.org", phone="")
    third_app = make_application(candidate=third)
    later = {f.existing_id: f for f in services.candidate_flag_duplicates(candidate=third)}
    services.duplicate_resolve(
        duplicate=later[new_app.candidate_id], actor=hr_user, resolution=DISTINCT
    )

    with django_assert_num_queries(2):
        flags = selectors.candidate_duplicate_flags(new_app.candidate)
    # Open first; the candidate is the newer one in its own flag, the older one in third's.
    assert [(item.flag.pk, item.is_open) for item in flags] == [
        (flag.pk, True),
        (later[new_app.candidate_id].pk, False),
    ]
    assert flags[0].other == old_app.candidate
    assert flags[0].other_applications == [old_app]
    assert flags[1].other == third
    assert flags[1].other_applications == [third_app]

    # Both open on the older candidate's side: the newest flag first.
    existing_side = selectors.candidate_duplicate_flags(old_app.candidate)
    assert [item.other for item in existing_side] == [third, new_app.candidate]
    assert existing_side[1].other_applications == [new_app]


def test_application_page_query_count_does_not_grow_with_flags(hr_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    new_app, _old_app, _flag = flagged_pair()
    url = reverse("hr-application", args=[new_app.pk])
    hr_client.get(url)  # warm the session and group caches
    with CaptureQueriesContext(connection) as one_flag:
        hr_client.get(url)
    for n in range(5):
        make_application(
            candidate=CandidateFactory(full_name=f"Look-alike {n}", phone="+49 30 7000")
        )
    # Five more flags (the one already there is not written twice): six open ones.
    assert len(services.candidate_flag_duplicates(candidate=new_app.candidate)) == 5
    with CaptureQueriesContext(connection) as six_flags:
        response = hr_client.get(url)
    assert len(response.context["open_duplicates"]) == 6
    assert len(six_flags) == len(one_flag)
