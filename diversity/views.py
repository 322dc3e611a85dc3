"""Pages of the monitoring: the applicant's optional form (through their status link), HR's
settings, and the adverse-impact report with its CSV."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import selectors as application_selectors
from applications.models import Application
from ats.actors import ApplicantActor
from ats.errors import DomainError
from ats.exports import csv_response
from ats.forms import add_domain_error
from ats.ratelimit import allow, client_key
from ats.roles import hr_required
from diversity import selectors, services
from diversity.forms import ReportFilterForm, SelfIdentificationForm, SettingsForm
from diversity.impact import MIN_GROUP_SIZE
from diversity.selectors import Report


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    return response


def _application(request: HttpRequest, token: str) -> Application | HttpResponse:
    try:
        return application_selectors.application_get_by_token(token)
    except application_selectors.StatusLinkExpired:
        return _private(render(request, "careers/link_expired.html", status=404))


@require_http_methods(["GET", "POST"])
def about_you(request: HttpRequest, token: str) -> HttpResponse:
    """The voluntary questions, offered while the monitoring is on; an applicant who answered
    keeps seeing their answers (to delete them) after it is switched off."""
    application = _application(request, token)
    if isinstance(application, HttpResponse):
        return application
    config = selectors.monitoring_settings()
    answers = selectors.self_identification_of(application)
    if not config.enabled and answers is None:
        raise Http404(_("These questions are not being asked at the moment."))
    language = get_language() or "en"
    initial = {"gender": answers.gender, "age_band": answers.age_band} if answers else {}
    form = SelfIdentificationForm(
        request.POST or None, config=config, language=language, initial=initial
    )
    status = 200
    if request.method == "POST" and config.enabled:
        if not allow("about-you", client_key(request), limit=settings.APPLY_RATE_LIMIT_PER_HOUR):
            form.add_error(None, _("Too many attempts from your network; try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                saved = services.self_identification_save(
                    application=application,
                    actor=ApplicantActor(application_id=application.pk),
                    gender=form.cleaned_data.get("gender", ""),
                    age_band=form.cleaned_data.get("age_band", ""),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Thank you: your answers are saved.")
                    if saved
                    else _("You left every question unanswered, so nothing is stored."),
                )
                return redirect("careers-about-you", token=token)
        if status == 200:
            status = 400
    context: dict[str, Any] = {
        "application": application,
        "job": application.job,
        "token": token,
        "config": config,
        "intro": config.intro(language),
        "answers": answers,
        "form": form,
    }
    return _private(render(request, "diversity/about_you.html", context, status=status))


@require_POST
def about_you_delete(request: HttpRequest, token: str) -> HttpResponse:
    application = _application(request, token)
    if isinstance(application, HttpResponse):
        return application
    deleted = services.self_identification_delete(
        application=application, actor=ApplicantActor(application_id=application.pk)
    )
    if deleted:
        messages.success(request, _("Your answers are deleted."))
    if selectors.monitoring_settings().enabled:
        return redirect("careers-about-you", token=token)
    return redirect("careers-status", token=token)


@hr_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    row = selectors.monitoring_settings()
    if request.method != "POST":
        form = SettingsForm.for_settings(row)
        return render(request, "diversity/settings.html", {"form": form, "row": row})
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.monitoring_settings_update(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The fairness monitoring settings are saved."))
            return redirect("diversity-settings")
    return render(request, "diversity/settings.html", {"form": form, "row": row}, status=400)


def _csv(report: Report) -> HttpResponse:
    hidden = _("fewer than %(n)d — not shown") % {"n": MIN_GROUP_SIZE}
    rows = []
    for dimension in report.dimensions:
        for stage in dimension.stages:
            for row in stage.groups:
                g = row.result
                figures: list[Any]
                if g.hidden:
                    figures = [hidden, "", "", "", ""]
                else:
                    figures = [g.base, g.selected, row.rate_percent, row.ratio_text]
                    figures.append("" if g.undisclosed else ("yes" if g.flagged else "no"))
                rows.append(
                    [dimension.name, stage.kind, row.label, *figures, stage.highest_percent]
                )
    header = [
        "question",
        "stage",
        "group",
        "reached_stage_before",
        "selected",
        "selection_rate_percent",
        "impact_ratio",
        "below_four_fifths",
        "highest_rate_percent",
    ]
    suffix = f"-{report.job.reference}" if report.job else ""
    name = f"adverse-impact{suffix}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.csv"
    return csv_response(name, header, rows)


@hr_required
def report(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "min_group": MIN_GROUP_SIZE}
    if not form.is_valid():
        context["config"] = selectors.monitoring_settings()
        return render(request, "diversity/report.html", context, status=400)
    result = selectors.adverse_impact_report(
        start=form.cleaned_data["start"], end=form.cleaned_data["end"], job=form.cleaned_data["job"]
    )
    if request.GET.get("format") == "csv":
        return _csv(result)
    query = request.GET.copy()
    query["format"] = "csv"
    context.update(report=result, config=result.config, csv_query=query.urlencode())
    return render(request, "diversity/report.html", context)
