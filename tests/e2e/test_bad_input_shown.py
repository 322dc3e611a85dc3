"""A refused action on a boosted (htmx) HR form shows its error on the page and changes
nothing: htmx would otherwise drop the 400 answer and leave the user looking at the old page."""

import pytest

from applications.models import Application
from tests.factories import UserFactory, make_application, make_job, stages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_refused_move_shows_its_reason(live_server, page, shot):
    job = make_job(reference="SEC-2026-E2E", title="Programme Officer")
    application = make_application(job=job)
    offer = stages(job)[5]
    UserFactory(username="hr-e2e", groups=["hr"])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hr-e2e")
    page.get_by_label("Password").fill("pass-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/hr/applications/{application.pk}/")
    page.get_by_label("Move to").select_option(str(offer.pk))
    page.get_by_role("button", name="Move", exact=True).click()

    error = page.locator(".errorlist").first
    error.wait_for()
    shot("bad-input-move-refused")
    assert "needs an override reason" in error.inner_text()
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    assert Application.objects.get(pk=application.pk).version == application.version
