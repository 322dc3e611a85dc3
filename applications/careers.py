"""Public careers pages: open positions, a job page, the application form, applicant status."""

import json
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import selectors, services
from applications.forms import ApplicationForm
from applications.models import (
    ApplicationStatus,
    Channel,
    JobOpening,
    Offer,
    applicant_facing_status,
)
from ats.actors import ApplicantActor
from ats.errors import DomainError
from ats.forms import add_domain_error
from ats.ratelimit import allow, client_ip, client_key

SCHEMA_EMPLOYMENT_TYPES: dict[str, str] = {
    JobOpening.EmploymentType.FULL_TIME: "FULL_TIME",
    JobOpening.EmploymentType.PART_TIME: "PART_TIME",
    JobOpening.EmploymentType.FIXED_TERM: "TEMPORARY",
    JobOpening.EmploymentType.FELLOWSHIP: "OTHER",
    JobOpening.EmploymentType.INTERNSHIP: "INTERN",
}


def _source_given(request: HttpRequest) -> str:
    """The posting channel a link carried (`?source=linkedin`), as given."""
    return (request.GET.get("source") or request.POST.get("source") or "").strip()[:50]


def _source(request: HttpRequest) -> str:
    """The posting channel a link carried, if it is a known one (for the page's links)."""
    slug = _source_given(request)
    return slug if slug and Channel.objects.filter(slug=slug).exists() else ""


def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.open_jobs()
    filters = selectors.OpenJobFilter(request.GET, queryset=jobs)
    return render(
        request,
        "careers/job_list.html",
        {
            "filter": filters,
            "jobs": filters.qs,
            "departments": sorted({d for d in jobs.values_list("department", flat=True) if d}),
            "locations": sorted({d for d in jobs.values_list("location", flat=True) if d}),
            "employment_types": JobOpening.EmploymentType.choices,
            "source": _source(request),
        },
    )


def _json_ld(job: JobOpening, request: HttpRequest) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": f"{job.description}\n\n{job.requirements}".strip(),
        "identifier": {
            "@type": "PropertyValue",
            "name": settings.ORGANISATION_NAME,
            "value": job.reference,
        },
        "hiringOrganization": {"@type": "Organization", "name": settings.ORGANISATION_NAME},
        "employmentType": SCHEMA_EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "totalJobOpenings": job.headcount,
        "url": request.build_absolute_uri(),
    }
    if job.opens_on:
        data["datePosted"] = job.opens_on.isoformat()
    if job.closes_on:
        data["validThrough"] = f"{job.closes_on.isoformat()}T23:59:59"
    if job.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": job.location},
        }
    # Escape what could close the <script> element or start markup inside it.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def job_detail(request: HttpRequest, reference: str) -> HttpResponse:
    job = selectors.open_job_get(reference)
    return render(
        request,
        "careers/job_detail.html",
        {"job": job, "json_ld": _json_ld(job, request), "source": _source(request)},
    )


def _form(job: JobOpening, data=None, files=None, initial=None) -> ApplicationForm:
    return ApplicationForm(
        data,
        files,
        job=job,
        initial=initial,
        consent_text=services.consent_text(job),
        talent_pool_text=services.talent_pool_text(),
        max_mb=round(settings.CV_MAX_BYTES / 1048576, 1),
    )


def apply(request: HttpRequest, reference: str) -> HttpResponse:
    job = selectors.open_job_get(reference)
    if request.method != "POST":
        form = _form(job, initial={"submission_key": uuid.uuid4()})
        context = {"job": job, "form": form, "source": _source(request)}
        return render(request, "careers/apply.html", context)

    form = _form(job, request.POST, request.FILES)
    status = 400
    if request.POST.get("website"):
        form.add_error(None, _("This submission looks automated and was not accepted."))
    elif not allow("apply", client_key(request), limit=settings.APPLY_RATE_LIMIT_PER_HOUR):
        form.add_error(None, _("Too many applications from your network; try again in an hour."))
        status = 429
    elif form.is_valid():
        try:
            services.application_submit(
                job=job,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                nationality=form.cleaned_data["nationality"],
                country_of_residence=form.cleaned_data["country_of_residence"],
                cv_file=form.cleaned_data["cv"],
                cover_letter=form.cleaned_data["cover_letter"],
                consent=form.cleaned_data["consent"],
                talent_pool=form.cleaned_data["talent_pool"],
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
                source=_source_given(request),  # the service knows its channels
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # The same words for a new address and a known one: the answer never says whether
            # somebody has applied before, nor where (the link goes to their mailbox only).
            return redirect("careers-submitted", reference=job.reference)
    return render(
        request,
        "careers/apply.html",
        {"job": job, "form": form, "source": _source(request)},
        status=status,
    )


def submitted(request: HttpRequest, reference: str) -> HttpResponse:
    job = get_object_or_404(JobOpening, reference=reference)
    return render(request, "careers/submitted.html", {"job": job})


def _status_context(application, token: str) -> dict[str, Any]:
    return {
        "application": application,
        "job": application.job,
        "token": token,
        "status_words": applicant_facing_status(application.stage.kind, application.status),
        "can_withdraw": application.status == ApplicationStatus.ACTIVE,
        "in_talent_pool": selectors.in_talent_pool(application.candidate_id),
        # An offer sent and waiting for the answer: the applicant may accept or decline it here.
        "open_offer": application.offers.filter(status=Offer.Status.OFFERED).first()
        if application.status == ApplicationStatus.ACTIVE
        else None,
    }


def status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        application = selectors.application_get_by_token(token)
    except selectors.StatusLinkExpired:
        response = render(request, "careers/link_expired.html", status=404)
        response["Referrer-Policy"] = "no-referrer"
        return response
    response = render(request, "careers/status.html", _status_context(application, token))
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    application = selectors.application_get_by_token(token)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to withdraw."))
        return redirect("careers-status", token=token)
    try:
        services.application_withdraw_by_applicant(
            application=application, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("careers-status", token=token)


@require_POST
def offer_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant accepts or declines the offer sent to them (their own, while open)."""
    application = selectors.application_get_by_token(token)
    answer = request.POST.get("answer", "")
    offer_id = request.POST.get("offer", "")
    offer = (
        Offer.objects.filter(pk=offer_id, application_id=application.pk).first()
        if offer_id.isdigit()
        else None
    )
    if answer not in ("accept", "decline") or offer is None:
        messages.error(request, _("This offer cannot be answered here; nothing was changed."))
        return redirect("careers-status", token=token)
    if answer == "decline" and request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you decline the offer."))
        return redirect("careers-status", token=token)
    try:
        services.offer_respond(
            actor=ApplicantActor(application_id=application.pk),
            offer=offer,
            accepted=answer == "accept",
            responded_on=max(timezone.localdate(), offer.offered_on),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Thank you: you accepted the offer. We will be in touch about the next steps.")
            if answer == "accept"
            else _("You declined the offer; your application is now closed."),
        )
    return redirect("careers-status", token=token)


@require_POST
def status_new_link(request: HttpRequest) -> HttpResponse:
    """Fresh status links for an address, e-mailed to it (the page never says if it is known)."""
    email = request.POST.get("email", "").strip()
    if not email or "@" not in email:
        messages.error(request, _("Please give a valid e-mail address."))
        return render(request, "careers/link_expired.html", status=400)
    if allow("status-link", client_key(request), limit=settings.APPLY_RATE_LIMIT_PER_HOUR):
        services.status_link_request(email=email)
    return render(request, "careers/link_sent.html")


@require_POST
def talent_pool_leave(request: HttpRequest, token: str) -> HttpResponse:
    application = selectors.application_get_by_token(token)
    services.talent_pool_withdraw(
        application=application, actor=ApplicantActor(application_id=application.pk)
    )
    messages.success(request, _("You are no longer in our talent pool."))
    return redirect("careers-status", token=token)


@require_POST
def data_request(request: HttpRequest, token: str) -> HttpResponse:
    application = selectors.application_get_by_token(token)
    services.subject_access_request_create(
        application=application, actor=ApplicantActor(application_id=application.pk)
    )
    messages.success(
        request, _("We have your request and will send you a copy of your data within 30 days.")
    )
    return redirect("careers-status", token=token)
