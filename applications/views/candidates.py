"""HR pages of the candidates database: the search and list with bulk actions, a person's page
with their applications, CVs, tags, notes and messages, and adding them to another job."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import blinding, selectors, services
from applications.forms import (
    AddToJobForm,
    CandidateBulkForm,
    CandidateNoteForm,
    ErasureForm,
    TagForm,
)
from applications.models import Candidate, Tag
from applications.panels import render_candidate_panels
from applications.views.common import (
    errors_as_messages,
    form_performed,
    masked_redirect,
    tag_each,
)
from ats.roles import hr_required

LIST_URL = "/hr/candidates/"


def _filtered(request: HttpRequest) -> tuple[Any, selectors.CandidateFilter]:
    """The directory narrowed by the valid filters; a bad value is shown and ignored."""
    directory = selectors.candidate_directory(request.user)
    shown = selectors.CandidateFilter(request.GET, queryset=directory)
    if not shown.form.is_valid():
        valid = {name: request.GET[name] for name in request.GET if name not in shown.form.errors}
        used = selectors.CandidateFilter(valid, queryset=directory)
    else:
        used = shown
    return selectors.candidate_order(used.qs, *selectors.LAST_APPLIED_FIRST), shown


@hr_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Everybody on file (but the erased), searched and filtered, 25 a page, newest first (best
    match first when searching on PostgreSQL)."""
    queryset, filterset = _filtered(request)
    page = Paginator(queryset, selectors.CANDIDATES_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hr/candidate_list.html",
        {
            "filter_form": filterset.form,
            "rows": selectors.candidate_rows(page.object_list),
            "page": page,
            "query": query.urlencode(),
            "searched": any(value for name, value in request.GET.items() if name != "page"),
            "tag_names": selectors.tag_names(),
            "bulk_form": CandidateBulkForm(),
        },
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    return redirect(back if back.startswith(LIST_URL) else "hr-candidates")


def _refusals(request: HttpRequest, ids: list[int], found: set[int]) -> None:
    """Name the ticked people the action did not reach: erased, or not on file."""
    missing = [pk for pk in ids if pk not in found]
    erased = set(
        Candidate.objects.filter(pk__in=missing, erased_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for pk in missing:
        reason = (
            _("this person's data has been erased.") if pk in erased else _("no such candidate.")
        )
        messages.error(request, f"#{pk}: {reason}")


@hr_required
@require_POST
def candidate_bulk(request: HttpRequest) -> HttpResponse:
    """Tag the ticked people, or write to them (the compose page, with each one's latest
    application); each person refused is named with the reason."""
    form = CandidateBulkForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return _back_to_list(request)
    ids = form.cleaned_data["candidates"]
    people = list(selectors.candidate_directory(request.user).filter(pk__in=ids))
    _refusals(request, ids, {person.pk for person in people})
    if form.cleaned_data["action"] == "tag":
        return _bulk_tag(request, people, form.cleaned_data["tag"])
    return _bulk_email(request, people)


def _label(person: Candidate) -> str:
    masked = blinding.masked(person)
    return masked.label if masked else person.full_name


def _bulk_tag(request: HttpRequest, people: list[Candidate], name: str) -> HttpResponse:
    tag_each(request, [(_label(person), person) for person in people], name)
    return _back_to_list(request)


def _bulk_email(request: HttpRequest, people: list[Candidate]) -> HttpResponse:
    chosen: list[int] = []
    for person in people:
        latest = person.latest_application_id  # type: ignore[attr-defined]
        if blinding.masked(person) is not None:
            messages.error(
                request,
                _("%(name)s: blind screening hides this applicant from you until you decide.")
                % {"name": _label(person)},
            )
        elif not person.email:
            messages.error(request, _("%(name)s: no e-mail address.") % {"name": person.full_name})
        elif latest is None:
            messages.error(
                request,
                _("%(name)s: no application to write about.") % {"name": person.full_name},
            )
        else:
            chosen.append(latest)
    if not chosen:
        return _back_to_list(request)
    back = request.POST.get("next", "")
    query: list[tuple[str, str | int]] = [("applications", pk) for pk in chosen]
    query.append(("next", back if back.startswith(LIST_URL) else LIST_URL))
    return redirect(f"{reverse('hr-messages-write')}?{urlencode(query)}")


def _person(request: HttpRequest, pk: int) -> Candidate | HttpResponse:
    """The person of the page, or blind screening's detour for a user who may not see them."""
    candidate = selectors.candidate_directory_get_for_user(request.user, pk)
    masked = blinding.masked(candidate)
    if masked is None:
        return candidate
    application = selectors.application_get_for_user(request.user, masked.application_id)
    return masked_redirect(request, application) or redirect("hr-candidates")


def _page(
    request: HttpRequest, candidate: Candidate, *, status: int = 200, **forms: Any
) -> HttpResponse:
    applications = list(selectors.candidate_applications(candidate))
    context = {
        "candidate": candidate,
        "applications": applications,
        "latest": applications[0] if applications else None,
        "cvs": [a for a in applications if getattr(a, "cv", None) is not None],
        "tags": list(selectors.candidate_tags(candidate)),
        "tag_names": selectors.tag_names(),
        "notes": list(selectors.candidate_notes(candidate)),
        "in_talent_pool": selectors.in_talent_pool(candidate.pk),
        "tag_form": TagForm(),
        "note_form": CandidateNoteForm(),
        "add_to_job_form": AddToJobForm(candidate=candidate),
        "erasure_form": ErasureForm(),
        "panels": render_candidate_panels(request, candidate, applications),
    }
    context.update(forms)
    return render(request, "hr/candidate_detail.html", context, status=status)


@hr_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = _person(request, pk)
    except Http404:
        survivor = selectors.candidate_survivor_id(pk)
        if survivor is None:
            raise
        # An old link to a person merged into another: the record kept is theirs now.
        messages.info(request, _("This record was merged into the one shown here."))
        return redirect("hr-candidate", pk=survivor)
    if isinstance(person, HttpResponse):
        return person
    return _page(request, person)


def _act(
    request: HttpRequest,
    pk: int,
    *,
    make_form: Callable[[Any, Candidate], forms.Form],
    form_name: str,
    perform: Callable[[Candidate, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """A form on the candidate page: the service acts, or the page shows why not (400)."""
    person = _person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    form = make_form(request.POST, person)
    if form_performed(request, form, lambda data: perform(person, data), success):
        return redirect("hr-candidate", pk=person.pk)
    return _page(request, person, status=400, **{form_name: form})


@hr_required
@require_POST
def candidate_tag_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        make_form=lambda data, person: TagForm(data),
        form_name="tag_form",
        perform=lambda person, data: services.candidate_tag_add(
            candidate=person, actor=request.user, name=data["tag"]
        ),
        success=_("Tag added."),
    )


@hr_required
@require_POST
def candidate_tag_remove(request: HttpRequest, pk: int, tag_id: int) -> HttpResponse:
    person = _person(request, pk)
    if isinstance(person, HttpResponse):
        return person
    tag = get_object_or_404(Tag, pk=tag_id)
    services.candidate_tag_remove(candidate=person, actor=request.user, tag=tag)
    messages.success(request, _("Tag “%(tag)s” removed.") % {"tag": tag.name})
    return redirect("hr-candidate", pk=person.pk)


@hr_required
@require_POST
def candidate_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        make_form=lambda data, person: CandidateNoteForm(data),
        form_name="note_form",
        perform=lambda person, data: services.candidate_note_add(
            candidate=person, actor=request.user, body=data["body"]
        ),
        success=_("Note added."),
    )


@hr_required
@require_POST
def candidate_add_to_job(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        make_form=lambda data, person: AddToJobForm(data, candidate=person),
        form_name="add_to_job_form",
        perform=lambda person, data: services.candidate_add_to_job(
            candidate=person, actor=request.user, job=data["job"]
        ),
        success=_("Added to the job; the application is in its first stage."),
    )
