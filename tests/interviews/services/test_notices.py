"""Invitations, updates and cancellations carry an .ics file that icalendar reads back with
the right times (UTC, matching the planned local time) and the right attendees."""

import datetime as dt
import re

import pytest
from icalendar import Calendar

from ats.models import StaffProfile
from interviews import services
from messaging.models import OutboxMessage
from tests.interviews.conftest import beijing

pytestmark = pytest.mark.django_db

FUTURE = beijing(2031, 3, 5, 10)


def _calendar(message) -> Calendar:
    [(name, content, mimetype)] = message.attachments
    assert name == "interview.ics"
    assert mimetype.startswith("text/calendar; method=")
    return Calendar.from_ical(content)


def _event(message):
    return _calendar(message).walk("VEVENT")[0]


def _attendees(event) -> set[str]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]  # one attendee comes alone
    return {str(a).removeprefix("mailto:") for a in found}


@pytest.fixture
def invite(schedule, interviewer, other_interviewer, django_capture_on_commit_callbacks):
    """invite(application) -> Interview: scheduled with Bob and Charlie, notices sent."""

    def make(application):
        with django_capture_on_commit_callbacks(execute=True):
            return schedule(
                application, [interviewer, other_interviewer], start=FUTURE, notify=True
            )

    return make


@pytest.fixture
def invited(in_round, invite, mailoutbox):
    return invite(in_round("Priya Menon"))


def test_invitation_to_the_candidate_and_each_panel_member(invited, mailoutbox):
    candidate = invited.application.candidate
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [candidate.email, "bob@example.org", "charlie@example.org"]
    )
    for message in mailoutbox:
        calendar = _calendar(message)
        assert calendar["method"] == "REQUEST"
        event = calendar.walk("VEVENT")[0]
        assert str(event["uid"]) == invited.ical_uid
        assert event["sequence"] == 0


def test_ics_times_are_utc_and_match_the_planned_local_time(invited, mailoutbox):
    event = _event(mailoutbox[0])
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2031, 3, 5, 2, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(hours=1)
    assert start.astimezone(invited.zone).hour == 10
    assert event.to_ical().decode().count("DTSTART:20310305T020000Z") == 1


def test_panel_copies_list_candidate_and_panel_the_candidate_copy_only_the_candidate(
    invited, mailoutbox
):
    candidate = invited.application.candidate.email
    by_recipient = {m.to[0]: _event(m) for m in mailoutbox}
    assert _attendees(by_recipient["bob@example.org"]) == {
        candidate,
        "bob@example.org",
        "charlie@example.org",
    }
    assert _attendees(by_recipient[candidate]) == {candidate}
    bob = [a for a in by_recipient["bob@example.org"].get("attendee") if "bob@" in str(a)][0]
    assert (
        bob.params["CN"]
        == "Bob " + invited.panel.get(interviewer__username="bob").interviewer.last_name
    )


def test_mail_body_gives_the_local_time_and_the_portal_link(invited, mailoutbox):
    bob = next(m for m in mailoutbox if m.to == ["bob@example.org"])
    assert "Wed 5 Mar 2031, 10:00–11:00 (Asia/Shanghai)" in bob.body
    assert f"/interviews/{invited.pk}/" in bob.body
    candidate = next(m for m in mailoutbox if m.to == [invited.application.candidate.email])
    assert "/interviews/" not in candidate.body


def test_reschedule_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    invited, hr_user, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    new_start = dt.datetime(2031, 3, 6, 15, 30, tzinfo=dt.UTC)  # 16:30 in Berlin
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_reschedule(
            actor=hr_user,
            interview=invited,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(minutes=45),
            time_zone="Europe/Berlin",
            video_link="https://meet.example.org/x",
        )
    assert len(mailoutbox) == 3
    event = _event(mailoutbox[0])
    assert str(event["uid"]) == invited.ical_uid
    assert event["sequence"] == 1
    assert event.decoded("dtstart") == new_start
    assert "16:30–17:15 (Europe/Berlin)" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Interview changed")


def test_cancellation_is_a_cancel_with_the_same_uid(
    invited, hr_user, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_cancel(actor=hr_user, interview=invited, reason="The post is frozen.")
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        calendar = _calendar(message)
        assert calendar["method"] == "CANCEL"
        event = calendar.walk("VEVENT")[0]
        assert (str(event["uid"]), event["sequence"], str(event["status"])) == (
            invited.ical_uid,
            1,
            "CANCELLED",
        )


def test_replacing_a_member_invites_the_new_one_and_cancels_for_the_old_one(
    invited, hr_user, third_interviewer, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    charlie = invited.panel.get(interviewer__username="charlie")
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_member_replace(actor=hr_user, member=charlie, replacement=third_interviewer)
    methods = {m.to[0]: _calendar(m)["method"] for m in mailoutbox}
    assert methods == {
        "dana@example.org": "REQUEST",
        "charlie@example.org": "CANCEL",
        "bob@example.org": "REQUEST",
    }
    dana = next(m for m in mailoutbox if m.to == ["dana@example.org"])
    assert "dana@example.org" in _attendees(_event(dana))
    assert "charlie@example.org" not in _attendees(_event(dana))
    assert _event(dana)["sequence"] == 1


def test_a_newline_in_a_name_breaks_no_notice(
    in_round,
    schedule,
    interviewer,
    other_interviewer,
    third_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """One message per person, each on its own: a name with a line break in it once broke the
    panel notice and silently dropped the other invitations."""
    interviewer.first_name = "Bob\nInjected: header"
    interviewer.save()
    application = in_round("Priya\r\nMenon")
    with django_capture_on_commit_callbacks(execute=True):
        schedule(
            application,
            [interviewer, other_interviewer, third_interviewer],
            start=FUTURE,
            notify=True,
        )
    assert len(mailoutbox) == 4  # the candidate and three panel members
    for message in mailoutbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        _event(message)  # every calendar file still parses


def test_a_panel_member_is_written_to_in_the_language_of_their_profile(
    in_round,
    schedule,
    interviewer,
    other_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    StaffProfile.objects.create(user=interviewer, language="zh-hans")
    application = in_round("Priya Menon")
    with django_capture_on_commit_callbacks(execute=True):
        schedule(application, [interviewer, other_interviewer], start=FUTURE, notify=True)
    by_address = {m.to[0]: m for m in mailoutbox}
    chinese = by_address["bob@example.org"]
    english = by_address["charlie@example.org"]
    assert re.search(r"[\u4e00-\u9fff]", chinese.subject + chinese.body)
    assert not re.search(r"[\u4e00-\u9fff]", english.subject)
    assert OutboxMessage.objects.get(to="bob@example.org").language == "zh-hans"


def test_the_calendar_file_speaks_each_recipients_language(
    in_round, invite, interviewer, mailoutbox
):
    application = in_round("Li Wei")
    application.language = "zh-hans"
    application.save(update_fields=["language"])
    StaffProfile.objects.update_or_create(user=interviewer, defaults={"language": "zh-hans"})
    invite(application)

    by_recipient = {m.to[0]: _event(m) for m in mailoutbox}
    assert "第一轮面试" in str(by_recipient[application.candidate.email]["summary"])
    assert "第一轮面试" in str(by_recipient["bob@example.org"]["description"])
    english = by_recipient["charlie@example.org"]
    assert "Interview round 1" in str(english["summary"]) + str(english["description"])
