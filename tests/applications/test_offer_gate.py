"""The gate of the offer stage: its bulk form (bulk moves) answers as the single one."""

import datetime as dt

import pytest

from applications import gates, services
from applications.models import Application
from ats.actors import ApplicantActor
from tests.applications.offer_support import in_offer_stage, sent

pytestmark = pytest.mark.django_db


def test_the_bulk_offer_gate_answers_as_the_single_one(hr_user, django_assert_max_num_queries):
    no_offer = in_offer_stage(hr_user)
    pending = in_offer_stage(hr_user)
    sent(hr_user, pending)
    accepted, declined = in_offer_stage(hr_user), in_offer_stage(hr_user)
    for application, answer in ((accepted, True), (declined, False)):
        services.offer_respond(
            actor=ApplicantActor(application.pk),
            offer=sent(hr_user, application),
            accepted=answer,
            responded_on=dt.date(2019, 3, 4),
        )
    chosen = [no_offer, pending, accepted, declined]
    found = Application.objects.select_related("stage").in_bulk([a.pk for a in chosen])
    applications = [found[a.pk] for a in chosen]
    single = {a.pk: gates.offer_gate(a) for a in applications}
    with django_assert_max_num_queries(1):
        many = gates.offer_gate_many(applications)
    assert many == single
    assert [single[a.pk] is None for a in chosen] == [False, False, True, False]
