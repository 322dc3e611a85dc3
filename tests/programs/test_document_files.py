"""Programme documents as files: what an upload that is not a scan gets (a 400 naming the
problem, API and page), the name it is stored under (random, never the user's), and how it is
handed out (an attachment with a safe name, to HR only)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs import services
from tests.uploads import UNDECODABLE

pytestmark = pytest.mark.django_db
API = "/api/programs/"
PDF = b"%PDF-1.4 tiny scan"


@pytest.mark.parametrize("data", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_an_upload_that_is_not_a_scan_is_400_through_the_api(hr_api, make_case, data):
    document = make_case().documents.get(code="passport")
    response = hr_api.post(
        f"{API}documents/{document.pk}/upload/",
        {"file": SimpleUploadedFile("passport.pdf", data)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"] == ["Upload a PDF, JPEG or PNG file."]
    document.refresh_from_db()
    assert not document.file


@pytest.mark.parametrize("data", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_an_upload_that_is_not_a_scan_is_400_on_the_page(hr_client, make_case, data):
    case = make_case()
    document = case.documents.get(code="passport")
    response = hr_client.post(
        reverse("hr-program-document-edit", args=[case.pk, document.pk]),
        {
            f"d{document.pk}-status": "missing",
            f"d{document.pk}-file": SimpleUploadedFile("passport.pdf", data),
        },
    )
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()


def test_the_stored_name_is_random_and_the_uploaded_one_only_data(make_case, hr_user):
    document = make_case().documents.get(code="passport")
    hostile = '../../etc/passwd"; x.pdf'
    services.case_document_attach(
        document=document, actor=hr_user, uploaded=SimpleUploadedFile(hostile, PDF)
    )
    document.refresh_from_db()
    assert document.original_name == 'passwd"; x.pdf'  # the client's folders never arrive
    stored = document.file.name
    assert stored.startswith("programs/") and "passwd" not in stored and ".." not in stored
    assert len(stored.rsplit("/", 1)[-1]) == 32  # a uuid4, hex


def test_the_api_download_is_an_attachment_for_hr_only(
    hr_api, interviewer_api, anon_api, make_case, hr_user
):
    document = make_case().documents.get(code="passport")
    services.case_document_attach(
        document=document, actor=hr_user, uploaded=SimpleUploadedFile('a"b\r\n.pdf', PDF)
    )
    url = f"{API}documents/{document.pk}/file/"
    assert anon_api.get(url).status_code == 401
    assert interviewer_api.get(url).status_code == 403
    response = hr_api.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="passport.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_page_shows_a_scan_inline_only_when_asked(hr_client, make_case, hr_user):
    document = make_case().documents.get(code="passport")
    services.case_document_attach(
        document=document, actor=hr_user, uploaded=SimpleUploadedFile("p.pdf", PDF)
    )
    url = reverse("hr-program-document-file", args=[document.case_id, document.pk])
    assert hr_client.get(url)["Content-Disposition"].startswith("attachment;")
    inline = hr_client.get(url, {"inline": "1"})
    assert inline["Content-Disposition"] == 'inline; filename="passport.pdf"'
    assert inline["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
