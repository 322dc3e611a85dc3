"""The filter of the reports page: a date range and optionally a department, job and channel."""

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Channel, JobOpening
from ats.errors import InvalidInput
from ats.forms import add_domain_error
from reports import selectors

ISO = "%Y-%m-%d"


def _job_opened(job_id: str) -> dt.date | None:
    if not job_id.isdigit() or len(job_id) > 18:
        return None
    job = JobOpening.objects.filter(pk=int(job_id)).values_list("opens_on", "created_at").first()
    if job is None:
        return None
    opens_on, created_at = job
    return opens_on or timezone.localdate(created_at)


class DateInput(forms.DateInput):
    """A date picker: the browser sends, and expects back, ISO dates whatever the language."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format=ISO)


class ReportFilterForm(forms.Form):
    """`from` and `to` are Python keywords, so the fields are added by name."""

    def __init__(self, data: QueryDict, *, today: dt.date | None = None) -> None:
        default_from, default_to = selectors.default_range(today)
        if "from" not in data:
            # A link from a job's page names only the job: its report starts when it opened.
            opened = _job_opened(data.get("job", "")) or default_from
            longest = default_to - dt.timedelta(days=selectors.MAX_SPAN_DAYS)
            default_from = max(min(opened, default_to), longest)
        data = data.copy()
        data.setdefault("from", default_from.isoformat())
        data.setdefault("to", default_to.isoformat())
        super().__init__(data)
        self.today = today
        self.scope: selectors.ReportScope | None = None
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=DateInput(), input_formats=[ISO]
            )
        departments = [(d, d) for d in selectors.department_choices()]
        self.fields["department"] = forms.ChoiceField(
            label=_("Department"),
            required=False,
            choices=[("", _("All departments")), *departments],
        )
        self.fields["job"] = forms.ModelChoiceField(
            label=_("Job"),
            required=False,
            queryset=selectors.report_jobs(),
            empty_label=_("All jobs"),
        )
        self.fields["channel"] = forms.ModelChoiceField(
            label=_("Channel"),
            required=False,
            queryset=Channel.objects.order_by("name"),
            to_field_name="slug",
            empty_label=_("All channels"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                self.scope = selectors.report_scope(
                    date_from=data.get("from"),
                    date_to=data.get("to"),
                    department=data.get("department") or "",
                    job=data.get("job"),
                    channel=data.get("channel"),
                    today=self.today,
                )
            except InvalidInput as exc:
                add_domain_error(self, exc)
        return data
