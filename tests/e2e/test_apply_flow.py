"""An applicant applies with a PDF, follows the status link; HR sees the parsed CV."""

import datetime as dt
import random
import re

import pytest
from django.core import mail

from applications.models import Application
from demo import cv_samples
from tests.factories import UserFactory, make_job

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_apply_follow_status_and_hr_sees_parsed_fields(live_server, page, shot, tmp_path):
    make_job(
        reference="SEC-2026-E2E",
        title="Programme Officer",
        closes_on=dt.date(2099, 1, 1),
        department="Secretariat",
        location="Beijing",
    )
    UserFactory(username="hr-e2e", groups=["hr"], first_name="Li", last_name="Na")
    profile = cv_samples.random_profile(random.Random(42), nationality="FR")
    cv_path = tmp_path / "my-cv.pdf"
    cv_path.write_bytes(
        cv_samples.render_cv(profile, layout="single", created=dt.date(2026, 10, 1))
    )

    page.goto(f"{live_server.url}/careers/?source=linkedin")
    shot("01-careers")
    page.get_by_role("link", name="Programme Officer").click()
    page.get_by_role("link", name="Apply now").click()
    page.get_by_label("Full name").fill(profile.name)
    page.get_by_label("E-mail").fill("applicant.e2e@example.fr")
    page.get_by_label("Phone").fill("+33 6 12 34 56 78")
    page.get_by_label("Nationality").select_option("FR")
    page.get_by_label("Country of residence").select_option("CN")
    page.get_by_label("CV").set_input_files(str(cv_path))
    page.get_by_label("I agree").check()
    shot("02-form")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_text("we received your application").wait_for()
    shot("03-confirmation")

    # The link goes to the applicant's mailbox only (the page shows nobody where they applied).
    link = re.search(r"/status/[\w-]+/", mail.outbox[-1].body).group(0)
    page.goto(f"{live_server.url}{link}")
    assert page.locator("#status-words").inner_text() == "Received"
    shot("04-status")

    application = Application.objects.get(candidate__email="applicant.e2e@example.fr")
    assert application.source.slug == "linkedin"
    assert application.cv.parse_status == "parsed"

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hr-e2e")
    page.get_by_label("Password").fill("pass-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/hr/applications/{application.pk}/")
    body = page.locator("main").inner_text()
    assert application.cv.parsed["name"]["value"] in body
    assert application.cv.parsed["highest_degree"]["value"] in body.lower()
    shot("05-hr-application")
