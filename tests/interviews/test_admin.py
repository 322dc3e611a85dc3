"""The admin lists and shows interviews, scorecards and decisions, read-only."""

import pytest
from django.urls import reverse

from interviews import services
from tests.factories import UserFactory
from tests.interviews.conftest import score

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, groups=["hr"])
    client.force_login(admin)
    return client


def test_admin_pages_render_and_offer_no_changes(admin_client, held, interviewer, hr_user):
    scorecard = score(held, interviewer)
    services.scorecard_reopen(actor=hr_user, scorecard=scorecard, reason="typo")
    for name in ("interviewround", "interview", "scorecard", "rounddecision"):
        assert admin_client.get(reverse(f"admin:interviews_{name}_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:interviews_interview_change", args=[held.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:interviews_interview_add")).status_code == 403
    card = admin_client.get(reverse("admin:interviews_scorecard_change", args=[scorecard.pk]))
    assert "typo" in card.content.decode()
