"""The checklist: lines from the programme's template, statuses, private files (served by
the case page's file view: test_views.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ats.errors import DomainError
from programs import services
from programs.models import DocumentStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_checklist_comes_from_the_programme_template(make_case):
    codes = set(make_case(category="visiting-scientist").documents.values_list("code", flat=True))
    assert {"passport", "degree", "no-criminal-record", "research-plan"} <= codes
    assert "referee-1" not in codes


def test_postdoctoral_fellows_need_two_referee_letters(make_case):
    case = make_case(category="postdoctoral-researcher")
    assert case.documents.filter(code__startswith="referee-", required=True).count() == 2


def test_changing_the_category_adds_its_lines(make_case, hr_user, pifi):
    case = make_case(category="visiting-scientist")
    services.case_update(
        case=case, actor=hr_user, category=pifi.categories.get(code="postdoctoral-researcher")
    )
    assert case.documents.filter(code="referee-2").exists()


def test_legalised_needs_to_say_how(make_case, hr_user):
    degree = make_case().documents.get(code="degree")
    with pytest.raises(DomainError) as refused:
        services.case_document_update(document=degree, actor=hr_user, status="legalised")
    assert refused.value.field == "legalisation_kind"


def test_upload_stores_the_file_privately_and_marks_it_received(make_case, hr_user, settings):
    document = make_case().documents.get(code="passport")
    services.case_document_attach(
        document=document,
        actor=hr_user,
        uploaded=SimpleUploadedFile("passport page.pdf", PDF, "application/pdf"),
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.RECEIVED
    assert document.content_type == "application/pdf"
    assert "passport" not in document.file.name  # a random name on disk
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PDF


def test_upload_of_another_kind_of_file_is_refused(make_case, hr_user):
    document = make_case().documents.get(code="passport")
    with pytest.raises(DomainError) as refused:
        services.case_document_attach(
            document=document,
            actor=hr_user,
            uploaded=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        )
    assert refused.value.code == "file_type"
