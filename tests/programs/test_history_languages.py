"""A case's history is written in every language of the site, so that each reader sees it in
theirs, whoever acted in which language; rows from before show as they were written."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from programs import services
from programs.models import CaseEvent

pytestmark = pytest.mark.django_db


def _case_page(user, case, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client.get(reverse("hr-program-case", args=[case.pk])).content.decode()


def test_an_action_taken_in_chinese_reads_in_english_for_an_english_reader(make_case, hr_user):
    case = make_case()
    passport = case.documents.get(code="passport")
    with translation.override("zh-hans"):
        services.case_document_update(document=passport, actor=hr_user, status="received")
    event = case.events.filter(kind=CaseEvent.Kind.DOCUMENT).latest("id")
    assert event.summaries == {
        "en": "Passport data page: received",
        "zh-hans": "护照信息页：已收到",
    }

    assert "Passport data page: received" in _case_page(hr_user, case, "en")
    chinese = _case_page(hr_user, case, "zh-CN,zh;q=0.9")
    assert "护照信息页：已收到" in chinese and "Passport data page: received" not in chinese


def test_a_funding_move_names_both_statuses_in_each_language(make_case, hr_user, pifi):
    case = make_case()
    funding = services.funding_application_create(
        case=case, actor=hr_user, programme=pifi, call_year=2019
    )
    services.funding_application_move(
        funding=funding, actor=hr_user, to_status="submitted", submitted_on=dt.date(2019, 3, 15)
    )
    event = case.events.filter(kind=CaseEvent.Kind.FUNDING).latest("id")
    assert event.summaries["en"] == "Funding PIFI 2019: Draft → Submitted"
    assert "PIFI 2019" in event.summaries["zh-hans"]
    assert "Draft" not in event.summaries["zh-hans"]


def test_a_row_written_before_shows_its_one_summary(make_case):
    case = make_case()
    event = CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.UPDATED, summary="Changed: host"
    )
    with translation.override("zh-hans"):
        assert event.summary_shown == "Changed: host"
