"""The CV on HR pages: parsed fields as lines of text, the correction forms, the file itself."""

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import selectors, services
from applications.cv import entries
from applications.forms import (
    CVCorrectionForm,
)
from applications.models import (
    CVDocument,
    DegreeLevel,
    PersonalDataAccess,
)
from ats.storage import private_file_response, safe_filename

CV_FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "links": gettext_lazy("Links"),
    "highest_degree": gettext_lazy("Highest degree"),
    "years_experience": gettext_lazy("Years of experience"),
    "languages": gettext_lazy("Languages"),
    "education": gettext_lazy("Education"),
    "work": gettext_lazy("Work"),
    "skills": gettext_lazy("Skills"),
    "publications": gettext_lazy("Publications"),
}


# Below this the parser is guessing more than reading; HR should look at the original.
CV_REVIEW_BELOW = 0.5


# The file name a browser gets: the applicant's own, reduced to what every header survives.
CV_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}


def cv_display_lines(name: str, value: Any) -> list[str]:
    """A parsed value as lines of text for the page (empty when nothing was found)."""
    if value in (None, "", []):
        return []
    if name == "highest_degree":
        return [str(DegreeLevel(value).label) if value in DegreeLevel.values else str(value)]
    if name == "years_experience":
        try:
            return [formats.number_format(float(value), decimal_pos=1)]
        except (TypeError, ValueError):
            return [str(value)]
    if name == "publications" and isinstance(value, int):
        return [_("%(n)d listed") % {"n": value}]
    if not isinstance(value, list):
        return [str(value)]
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(str(item))
        elif name == "links":
            lines.append(str(item.get("url") or item))
        elif name == "languages":
            level = item.get("level")
            language = str(item.get("language") or "")
            lines.append(f"{language} ({level})" if level else language)
        elif name == "education":
            title = ", ".join(str(item[k]) for k in ("degree", "field") if item.get(k))
            place = ", ".join(str(item[k]) for k in ("institution", "year") if item.get(k))
            line = " — ".join(part for part in (title, place) if part)
            # Not inside the f-string: xgettext does not see a call in one.
            in_progress = _("in progress")
            lines.append(line + (f" ({in_progress})" if item.get("in_progress") else ""))
        elif name == "work":
            title = ", ".join(str(item[k]) for k in ("title", "organisation") if item.get(k))
            now, internship = _("now"), _("internship")
            period = f"{item.get('start') or '?'} – {item.get('end') or now}"
            line = f"{title} · {period}"
            lines.append(line + (f" ({internship})" if item.get("internship") else ""))
        else:
            lines.append(", ".join(f"{k}: {v}" for k, v in item.items() if v not in (None, "")))
    return lines


def _cv_form_value(name: str, value: Any) -> str:
    """The current value as the correction form's text box shows it."""
    if name in entries.LIST_FIELDS:
        return entries.to_text(name, value, translation.get_language() or "en")
    if value is None:
        return ""
    if name == "languages" and isinstance(value, list):
        return ", ".join(
            str(item.get("language") if isinstance(item, dict) else item) for item in value
        )
    return str(value)


def cv_context(application, bound_form: forms.Form | None) -> dict[str, Any]:
    """The CV card: the file, its reading status, and one row per parsed field.

    A refused correction (`bound_form`) is shown again in its own field's row with its error.
    """
    cv = selectors.application_cv(application)
    if cv is None:
        return {"cv": None}
    # A refused clearing has no box of its own to go back into: its error goes on top.
    failed_field = (
        bound_form.data.get("field") if isinstance(bound_form, CVCorrectionForm) else None
    )
    correctable = dict(CVCorrectionForm.FIELD_CHOICES)
    rows = []
    for name, field in selectors.cv_fields(cv).items():
        lines = cv_display_lines(name, field["value"])
        confidence = field["confidence"]
        row = {
            "name": name,
            "label": CV_FIELD_LABELS.get(name, name),
            "lines": lines,
            "parsed_lines": cv_display_lines(name, field["parsed_value"]),
            "confidence": confidence,
            "confidence_pct": round(100 * confidence) if confidence is not None else None,
            "needs_review": bool(lines)
            and not field["corrected"]
            and not field["derived_from"]
            and confidence is not None
            and confidence < CV_REVIEW_BELOW,
            **{
                k: field[k]
                for k in ("source", "corrected", "corrected_by", "corrected_at", "derived_from")
            },
            "is_list": name in entries.LIST_FIELDS,
            "help": CVCorrectionForm.LIST_HELP.get(name, ""),
        }
        if name in correctable:
            row["form"] = (
                bound_form
                if failed_field == name
                else CVCorrectionForm(
                    initial={"field": name, "value": _cv_form_value(name, field["value"])}
                )
            )
        rows.append(row)
    # A correction of a field the form does not know has no row: its error goes on top.
    stray_form = bound_form if bound_form is not None and failed_field not in correctable else None
    return {
        "cv": cv,
        "cv_rows": rows,
        "cv_stray_form": stray_form,
        "cv_is_pdf": cv.content_type == "application/pdf",
        "degree_levels": DegreeLevel.choices,
    }


def cv_file_response(application, request: HttpRequest) -> FileResponse:
    """The application's CV file, for a view that has checked the user may read it.

    A download (attachment) unless `?inline=1` asks for a PDF to be shown in HR's sandboxed
    frame: an uploaded file is never rendered as a page of this site.
    """
    cv = getattr(application, "cv", None)
    if cv is None:
        raise Http404(_("This application has no CV."))
    try:
        handle = cv.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The CV file is missing from the storage.")) from None
    services.personal_data_access_record(
        candidate_id=application.candidate_id,
        application_id=application.pk,
        action=PersonalDataAccess.Action.CV_OPENED,
        actor=request.user,
    )
    inline = request.GET.get("inline") == "1" and cv.content_type == "application/pdf"
    filename = safe_filename(
        cv.original_name, default="cv", extension=CV_EXTENSIONS.get(cv.content_type, "")
    )
    return private_file_response(
        handle, content_type=cv.content_type, filename=filename, inline=inline
    )


def cv_or_404(application) -> CVDocument:
    cv = getattr(application, "cv", None)
    if cv is None:
        raise Http404(_("This application has no CV."))
    return cv
