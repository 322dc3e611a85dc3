"""Attendance and marks of the written exam, set all or nothing (screening.services.marks)."""

from decimal import Decimal

import pytest

from ats.errors import DomainError, InvalidInput
from screening import services
from tests.factories import make_job
from tests.screening.support import EXAM_START, exam_for, invited

pytestmark = pytest.mark.django_db


def test_marks_record_attendance_and_refuse_absent_candidates(hr_user):
    exam = exam_for(make_job(), hr_user)
    present, absent = invited(exam, hr_user, count=2)
    section_a = exam.sections.order_by("position").first()
    services.sitting_attendance_set(sitting=absent, actor=hr_user, attendance="absent")

    report = services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(present, section_a, "first", Decimal(30))],
    )
    assert report.marked_present == [present.candidate_number]
    present.refresh_from_db()
    assert present.attendance == "present"

    absent.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        services.marks_save(
            exam=exam,
            actor=hr_user,
            entries=[services.ScoreEntry(absent, section_a, "first", Decimal(30))],
        )
    assert absent.candidate_number in refused.value.errors


def test_marks_above_the_maximum_change_nothing(hr_user):
    exam = exam_for(make_job(), hr_user)
    first, second = invited(exam, hr_user, count=2)
    section_a = exam.sections.order_by("position").first()
    with pytest.raises(InvalidInput) as refused:
        services.marks_save(
            exam=exam,
            actor=hr_user,
            entries=[
                services.ScoreEntry(first, section_a, "first", Decimal(30)),
                services.ScoreEntry(second, section_a, "first", Decimal(41)),
            ],
        )
    assert "above the maximum of 40" in refused.value.errors[second.candidate_number][0]
    assert not exam.sittings.filter(scores__isnull=False).exists()
    first.refresh_from_db()
    assert first.attendance == "invited"


def test_recording_absent_with_marks_is_refused(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a = exam.sections.order_by("position").first()
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(sitting, section_a, "first", Decimal(30))],
    )
    with pytest.raises(DomainError, match="has marks"):
        services.sitting_attendance_set(sitting=sitting, actor=hr_user, attendance="absent")


def test_setting_the_same_mark_again_changes_nothing(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a = exam.sections.order_by("position").first()
    entry = services.ScoreEntry(sitting, section_a, "first", Decimal(30))
    services.marks_save(exam=exam, actor=hr_user, entries=[entry], at=EXAM_START)
    report = services.marks_save(exam=exam, actor=hr_user, entries=[entry])
    assert (report.created, report.changed, report.unchanged) == (0, 0, 1)
    assert sitting.scores.get().marked_at == EXAM_START
