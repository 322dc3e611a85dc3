"""The duplicates page: open possible duplicates side by side, merges, and their undo."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import blinding, selectors, services
from applications.blinding import Masked
from applications.forms import DuplicateMergeForm, DuplicateNoteForm
from applications.models import Candidate, PossibleDuplicate
from applications.services.merges import FILLED_FIELDS
from applications.views.common import performed
from ats.roles import hr_required

PAGE_SIZE = 20
RESOLVED_SHOWN = 20
MERGES_PAGE_SIZE = 20


def _label(candidate: Candidate) -> tuple[str, bool]:
    """How the viewer sees a person: their name, or their blind-screening reference."""
    masked = blinding.masked(candidate)
    return (masked.label, True) if masked is not None else (candidate.full_name, False)


def _named(candidate: Candidate) -> str:
    """The name with the e-mail, or the blind-screening reference alone."""
    label, masked = _label(candidate)
    return label if masked else f"{label} ({candidate.email})"


@dataclass
class QueueRow:
    """One open flag on the page: both people (masked ones by their reference) and the forms
    that act on it (none when the viewer may not see one of the two)."""

    flag: PossibleDuplicate
    candidate_masked: Masked | None
    existing_masked: Masked | None
    merge_form: DuplicateMergeForm | None = None
    note_form: DuplicateNoteForm | None = None

    @property
    def masked(self) -> bool:
        return self.candidate_masked is not None or self.existing_masked is not None


def _row(flag: PossibleDuplicate) -> QueueRow:
    row = QueueRow(flag, blinding.masked(flag.candidate), blinding.masked(flag.existing))
    if not row.masked:
        row.merge_form = DuplicateMergeForm(flag=flag)
        row.note_form = DuplicateNoteForm(flag_id=flag.pk)
    return row


@dataclass
class NamedPair:
    """A resolved flag or a merge, with both people named as the viewer may see them."""

    item: Any
    first: tuple[str, bool]
    second: tuple[str, bool]


@hr_required
@require_GET
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    """Open possible duplicates, newest first, paginated; the judgements that may be reopened;
    the merges with their undo."""
    page = Paginator(selectors.duplicate_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    merges = Paginator(selectors.candidate_merge_list(request.user), MERGES_PAGE_SIZE).get_page(
        request.GET.get("merges")
    )
    context = {
        "page": page,
        "rows": [_row(flag) for flag in page],
        "resolved": [
            NamedPair(flag, _label(flag.candidate), _label(flag.existing))
            for flag in selectors.duplicates_resolved(request.user)[:RESOLVED_SHOWN]
        ],
        "merges": merges,
        "merge_rows": [
            NamedPair(merge, _label(merge.survivor), _label(merge.absorbed)) for merge in merges
        ],
    }
    return render(request, "hr/duplicates.html", context)


@hr_required
@require_GET
def duplicate_open_count(request: HttpRequest) -> HttpResponse:
    """The badge of the navigation's "Duplicates" link (loaded after the page, so that no
    page pays a query for it)."""
    return render(request, "hr/_duplicate_count.html", {"count": selectors.duplicate_open_count()})


def _back(request: HttpRequest) -> HttpResponse:
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/hr/") else "hr-duplicates")


@hr_required
@require_POST
def duplicate_distinct(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Not the same person": the flag is resolved as different people."""
    flag = selectors.possible_duplicate_get_for_user(request.user, pk)
    form = DuplicateNoteForm(request.POST, flag_id=flag.pk)
    if not form.is_valid():
        messages.error(request, _("A note may have at most 2,000 characters."))
        return _back(request)
    performed(
        request,
        lambda: services.duplicate_resolve(
            duplicate=flag,
            actor=request.user,
            resolution=PossibleDuplicate.Resolution.DISTINCT,
            note=form.cleaned_data["note"],
        ),
        _("Recorded: not the same person."),
    )
    return _back(request)


@hr_required
@require_POST
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the flag's two candidates into the one HR chose to keep."""
    flag = selectors.possible_duplicate_get_for_user(request.user, pk)
    form = DuplicateMergeForm(request.POST, flag=flag)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request)
    survivor_id = form.cleaned_data["survivor"]
    survivor, absorbed = (
        (flag.candidate, flag.existing)
        if survivor_id == flag.candidate_id
        else (flag.existing, flag.candidate)
    )
    performed(
        request,
        lambda: services.candidate_merge(
            actor=request.user,
            survivor=survivor,
            absorbed=absorbed,
            reason=form.cleaned_data["reason"],
        ),
        _("%(absorbed)s was merged into %(survivor)s. The merge can be undone below.")
        % {"absorbed": absorbed.email, "survivor": survivor.email},
    )
    return _back(request)


@hr_required
@require_POST
def duplicate_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back a judgement: the flag is open again (the old one stays on record)."""
    flag = selectors.possible_duplicate_get_for_user(request.user, pk)
    performed(
        request,
        lambda: services.duplicate_reopen(duplicate=flag, actor=request.user),
        _("The possible duplicate is open again."),
    )
    return _back(request)


@hr_required
@require_http_methods(["GET", "POST"])
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what undoing the merge puts back, and the button; POST: undo it."""
    merge = selectors.candidate_merge_get_for_user(request.user, pk)
    if request.method == "POST" and performed(
        request,
        lambda: services.candidate_merge_undo(actor=request.user, merge=merge),
        _("The merge was undone: both candidates are as before."),
    ):
        return redirect("hr-duplicates")
    changes = merge.changes
    context = {
        "merge": merge,
        "survivor": _named(merge.survivor),
        "absorbed": _named(merge.absorbed),
        "moved": len(changes.get("moved", [])),
        "deleted": len(changes.get("deleted", [])),
        "filled": [
            field.verbose_name
            for field in Candidate._meta.concrete_fields
            if field.name in FILLED_FIELDS and field.name in changes.get("survivor", {})
        ],
    }
    return render(request, "hr/merge_undo.html", context)
