"""iCalendar (.ics) invitations (exams, interviews), pure (no Django): request, update, cancel.

Times are written in UTC (`DTSTART:20190214T020000Z`), which every calendar reads the same
way and shows in its user's own zone. One interview keeps one UID; each change raises SEQUENCE,
so a calendar replaces the invitation it holds instead of adding a second one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//ATS//Recruitment//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Meeting:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str
    description: str
    organizer: Person
    attendees: Sequence[Person]
    url: str = ""


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def invitation(meeting: Meeting, *, method: str, stamp: datetime) -> bytes:
    """The .ics file of a meeting: METHOD:REQUEST (new or updated) or METHOD:CANCEL."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.summary)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.description:
        event.add("description", meeting.description)
    if meeting.url:
        event.add("url", meeting.url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(meeting.organizer))
    for person in meeting.attendees:
        event.add(
            "attendee",
            _address(person, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE"),
        )
    calendar.add_component(event)
    return bytes(calendar.to_ical())
