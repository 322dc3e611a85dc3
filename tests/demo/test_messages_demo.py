"""The demo writes no message twice: each hired candidate has at most one message per event."""

from collections import Counter

import pytest

from applications.models import Application, ApplicationStatus
from messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_demos_hired_candidates_get_no_duplicate_message(demo):
    hired = list(Application.objects.filter(status=ApplicationStatus.HIRED))
    assert hired
    for application in hired:
        messages = list(OutboxMessage.objects.filter(application=application))
        same = Counter((m.to, m.subject, m.body) for m in messages)
        assert not same or max(same.values()) == 1, application
        events = application.events.count()
        assert len([m for m in messages if m.to == application.candidate.email]) <= events
