"""The names the product seeds (stages, channels, rejection reasons, PIFI's categories and
checklist) are shown in the reader's language; a name HR typed is shown as typed; the database,
the API and webhooks keep the stored name (`ats.i18n.names`)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications import workflow
from applications.models import Channel, RejectionReason
from applications.services import job_stages_replace, offer_respond
from ats.i18n.names import translate_name
from messaging import services as messaging
from messaging.models import OutboxMessage
from programs.models import DocumentRequirement, ProgrammeCategory
from tests.applications.offer_support import in_offer_stage, sent
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.django_db

CHINESE = "zh-CN,zh;q=0.9"
ZH = {"HTTP_ACCEPT_LANGUAGE": CHINESE}


def _chinese_hr(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=CHINESE)
    client.force_login(user)
    return client


def _chinese_template(user, kind: str, body: str) -> None:
    messaging.template_save(actor=user, kind=kind, language="zh-hans", subject="{job}", body=body)


def test_a_seeded_name_is_translated_and_a_typed_one_is_kept():
    assert translate_name("Preliminary screening", "zh-hans") == "初筛"
    assert translate_name("Preliminary screening", "en") == "Preliminary screening"
    assert translate_name("Lab visit", "zh-hans") == "Lab visit"
    assert translate_name("", "zh-hans") == ""  # not the catalogue's header
    with translation.override("zh-hans"):
        assert translate_name("Does not meet the stated requirements") == "不符合所列任职条件"


def test_every_seeded_name_has_a_chinese_one():
    seeded = [
        *Channel.objects.exclude(slug__in=["euraxess", "nature-careers"]).values_list(
            "name", flat=True
        ),
        *RejectionReason.objects.values_list("label", flat=True),
        *ProgrammeCategory.objects.values_list("name", flat=True),
        *DocumentRequirement.objects.values_list("name", flat=True),
        *(s.name for s in stages(make_job())),
    ]
    untranslated = [name for name in seeded if translate_name(name, "zh-hans") == name]
    assert seeded and untranslated == []


def test_the_board_names_seeded_stages_and_channels_in_chinese_and_typed_ones_as_typed(hr_user):
    application = make_application(source="referral")
    job = application.job
    job_stages_replace(
        job=job,
        actor=hr_user,
        stages=[
            {"id": s.pk, "name": "Lab visit" if s.position == 2 else s.name, "kind": s.kind}
            for s in stages(job)
        ],
    )
    html = _chinese_hr(hr_user).get(reverse("hr-job", args=[job.pk])).content.decode()
    assert "初筛" in html and "第一轮面试" in html and "内部推荐" in html
    assert "Lab visit" in html  # typed by HR: as typed
    assert "Preliminary screening" not in html and "Referral" not in html

    english = Client()
    english.force_login(hr_user)
    html = english.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert "Preliminary screening" in html and "初筛" not in html


def test_rejection_reasons_are_offered_in_chinese(hr_user):
    job = make_application().job
    html = _chinese_hr(hr_user).get(reverse("hr-job", args=[job.pk])).content.decode()
    assert "不符合所列任职条件" in html and "Does not meet the stated requirements" not in html


def test_a_refusal_names_the_stage_in_the_readers_language(hr_user):
    application = make_application()
    with translation.override("zh-hans"):
        [outcome] = workflow.move_many(
            [application.pk], actor=hr_user, to_stage=stages(application.job)[3]
        )
    assert not outcome.ok and "第一轮面试" in outcome.message and "初筛" in outcome.message


def test_an_applicant_writing_in_chinese_reads_the_stage_in_chinese(hr_user):
    _chinese_template(hr_user, "stage_entered", "{name}，您好：您的申请已进入“{stage}”阶段。")
    chinese = make_application(language="zh-hans")
    english = make_application(language="en", job=chinese.job)
    for application in (chinese, english):
        workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    [to_chinese] = OutboxMessage.objects.filter(application=chinese)
    assert "“初筛”" in to_chinese.body


def test_a_rejection_tells_the_reason_in_the_applicants_language(hr_user):
    _chinese_template(hr_user, "rejection", "{name}，您好：{reason}。")
    application = make_application(language="zh-hans")
    workflow.reject(
        application, rejection_reason=rejection_reason("position-filled"), actor=hr_user
    )
    [message] = OutboxMessage.objects.filter(application=application)
    assert "职位已招满" in message.body


def test_the_api_keeps_the_stored_names(hr_api):
    job = make_job()
    response = hr_api.get("/api/stages/", {"job": job.pk}, **ZH)
    assert response.status_code == 200
    names = [s["name"] for s in response.json()["results"]]
    assert "Preliminary screening" in names and "初筛" not in names


def test_a_decline_in_chinese_is_recorded_in_english_and_read_in_each_language(hr_user):
    application = in_offer_stage(hr_user, language="zh-hans")
    offer = sent(hr_user, application)
    with translation.override("zh-hans"):  # the applicant answered on a Chinese page
        offer_respond(actor=hr_user, offer=offer, accepted=False, responded_on=dt.date(2019, 3, 4))
    assert application.events.latest("at").reason == "Offer declined"

    page = reverse("hr-application", args=[application.pk])
    assert "已拒绝录用通知" in _chinese_hr(hr_user).get(page).content.decode()
    english = Client()
    english.force_login(hr_user)
    assert "Offer declined" in english.get(page).content.decode()
