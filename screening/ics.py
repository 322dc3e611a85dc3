"""The exam invitation as an iCalendar file (RFC 5545), built with the icalendar library."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class Invitation:
    uid: str  # stable per sitting: a later update replaces the event in the calendar
    sequence: int  # bumped when the time or place changes
    starts_at: datetime  # timezone-aware
    duration_minutes: int
    summary: str
    location: str
    description: str
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str
    url: str = ""
    stamp: datetime | None = None


def invitation_ics(invitation: Invitation) -> bytes:
    """One VEVENT in UTC (every calendar shows it in its own zone), METHOD:REQUEST."""
    if invitation.starts_at.tzinfo is None:
        raise ValueError("The exam's start must be timezone-aware.")
    calendar = Calendar()
    calendar.add("prodid", "-//ATS//Written examination//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    start = invitation.starts_at.astimezone(UTC)
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", (invitation.stamp or datetime.now(tz=UTC)).astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=invitation.duration_minutes))
    event.add("summary", invitation.summary)
    event.add("location", invitation.location)
    event.add("description", invitation.description)
    if invitation.url:
        event.add("url", invitation.url)
    organizer = vCalAddress(f"mailto:{invitation.organizer_email}")
    organizer.params["cn"] = vText(invitation.organizer_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invitation.attendee_email}")
    attendee.params["cn"] = vText(invitation.attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
