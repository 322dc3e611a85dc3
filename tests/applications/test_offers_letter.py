"""The offer letter: a PDF in the application's language from HR's template, e-mailed with
the offer when it is sent, and downloadable by HR."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pdfminer.high_level import extract_text

from applications import services
from messaging import services as messaging
from messaging.models import OutboxMessage
from tests.applications.offer_support import draft, in_offer_stage, sent

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return extract_text(io.BytesIO(pdf))


def _assert_not_blank(pdf: bytes) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=1).to_pil().convert("L")
    lowest, _highest = image.getextrema()
    assert lowest < 128, "page 1 rendered blank"
    # Some ink, not a black page: most of an A4 letter is paper.
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert 0 < dark < image.width * image.height * 0.2


def test_the_english_letter_names_the_candidate_and_the_terms(hr_user):
    application = in_offer_stage(hr_user, language="en", full_name="Ann Müller")
    offer = draft(hr_user, application, salary=Decimal("25000"), currency="EUR")

    letter = services.offer_letter(offer)

    assert letter.pdf.startswith(b"%PDF") and letter.language == "en"
    text = _text(letter.pdf)
    assert "Ann Müller" in text
    assert "EUR 25,000.00" in text
    assert "Field ecologist" in text and "Permanent" in text
    _assert_not_blank(letter.pdf)


def test_the_chinese_letter_is_in_chinese(hr_user):
    application = in_offer_stage(hr_user, language="zh-hans", full_name="张伟")
    offer = draft(hr_user, application, salary=Decimal("360000"), contract_type="fixed_term")

    letter = services.offer_letter(offer)

    assert letter.language == "zh-hans"
    text = _text(letter.pdf)
    assert "张伟" in text
    assert "CNY 360,000.00" in text
    assert "录用通知书" in text and "入职日期" in text
    _assert_not_blank(letter.pdf)


def test_the_letter_follows_hr_s_edited_template(hr_user):
    application = in_offer_stage(hr_user)
    messaging.template_save(
        actor=hr_user,
        kind="offer_letter",
        language="en",
        subject="Our offer to {candidate_name}",
        body="We offer {salary} for {position}, from {start_date}.",
    )
    text = _text(services.offer_letter(draft(hr_user, application)).pdf)
    assert "Our offer to Ann Müller" in text
    assert "We offer CNY 25,000.00 for Field ecologist" in text


def test_the_sent_e_mail_carries_the_letter_as_a_pdf(hr_user, django_capture_on_commit_callbacks):
    application = in_offer_stage(hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        offer = sent(hr_user, application)

    message = OutboxMessage.objects.get(kind="offer_sent")
    assert message.status == OutboxMessage.Status.SENT
    assert message.attachments[0]["encoding"] == "base64"  # binary in the JSON column
    [email] = [m for m in mail.outbox if m.to == [application.candidate.email]]
    [(filename, content, mimetype)] = email.attachments
    assert filename == f"offer-letter-{application.job.reference}-{offer.pk}.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert "Ann Müller" in _text(content)
    # The e-mail links to the status page, where the offer can be answered.
    assert "/status/" in email.body and "[[status_url]]" not in email.body


def test_hr_downloads_the_letter_that_was_sent(hr_client, hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)
    stored = OutboxMessage.objects.get(kind="offer_sent").attachments[0]
    # The template changes afterwards: the download is still the letter that was sent.
    messaging.template_save(
        actor=hr_user, kind="offer_letter", language="en", subject="Changed", body="Changed."
    )

    response = hr_client.get(reverse("hr-offer-letter", args=[application.pk, offer.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert messaging.attachment_content(stored) == body
    assert "Changed" not in _text(body)


def test_only_hr_downloads_a_letter(client, hr_user, interviewer):
    application = in_offer_stage(hr_user)
    offer = draft(hr_user, application)
    url = reverse("hr-offer-letter", args=[application.pk, offer.pk])
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    other = in_offer_stage(hr_user, full_name="Somebody Else")
    client.force_login(hr_user)
    assert client.get(reverse("hr-offer-letter", args=[other.pk, offer.pk])).status_code == 404
