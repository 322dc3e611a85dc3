"""The reports API (HR only): the page's sections as JSON, with the page's filters as query
parameters; a bad date or an unknown job or channel is a 400 naming the parameter."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.models import Channel, JobOpening
from ats.api import IdField, validated
from ats.errors import InvalidInput
from reports import selectors


class ReportQuerySerializer(serializers.Serializer[Any]):
    """The filters of every report (`from` and `to` are Python keywords: added by name)."""

    department = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text=gettext_lazy("Department")
    )
    job = IdField(required=False, help_text=gettext_lazy("Job opening id"))
    channel = serializers.SlugField(
        required=False, max_length=50, help_text=gettext_lazy("Source channel code")
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        dates = {
            "from": serializers.DateField(
                required=False,
                help_text=gettext_lazy("First day (YYYY-MM-DD); default 12 months back"),
            ),
            "to": serializers.DateField(
                required=False, help_text=gettext_lazy("Last day (YYYY-MM-DD); default today")
            ),
        }
        return {**dates, **super().get_fields()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        job = channel = None
        if attrs.get("job") is not None:
            job = JobOpening.objects.filter(pk=attrs["job"]).first()
            if job is None:
                raise serializers.ValidationError({"job": [_("No such job opening.")]})
        if attrs.get("channel"):
            channel = Channel.objects.filter(slug=attrs["channel"]).first()
            if channel is None:
                raise serializers.ValidationError({"channel": [_("No such channel.")]})
        try:
            scope = selectors.report_scope(
                date_from=attrs.get("from"),
                date_to=attrs.get("to"),
                department=attrs.get("department", ""),
                job=job,
                channel=channel,
            )
        except InvalidInput as exc:
            raise serializers.ValidationError(exc.errors) from exc
        return {"scope": scope}


class _Ranged(serializers.Serializer[Any]):
    """A report's answer: the range it covers, then its figures."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        dates = {
            "from": serializers.DateField(source="scope.date_from"),
            "to": serializers.DateField(source="scope.date_to"),
        }
        return {**dates, **super().get_fields()}


def _number() -> serializers.FloatField:
    return serializers.FloatField(allow_null=True)


class ReportFunnelRowSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    name = serializers.CharField(source="label")
    reached = serializers.IntegerField()
    conversion = _number()
    mean_days = _number()
    median_days = _number()
    stays = serializers.IntegerField(help_text=gettext_lazy("Completed stays timed"))


class ReportFunnelSerializer(_Ranged):
    rows = ReportFunnelRowSerializer(many=True)


class ReportChannelRowSerializer(serializers.Serializer[Any]):
    channel = serializers.CharField(source="slug")
    name = serializers.CharField()
    applied = serializers.IntegerField()
    screened = serializers.IntegerField()
    interviewed = serializers.IntegerField()
    offered = serializers.IntegerField()
    hired = serializers.IntegerField()


class ReportChannelsSerializer(_Ranged):
    rows = ReportChannelRowSerializer(many=True)


class ReportMonthSerializer(serializers.Serializer[Any]):
    month = serializers.DateField()
    hires = serializers.IntegerField()
    mean_days_to_hire = _number()
    median_days_to_hire = _number()
    mean_days_to_fill = _number()


class ReportFillSerializer(serializers.Serializer[Any]):
    job = serializers.IntegerField(source="job_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    opened_on = serializers.DateField()
    hires = serializers.IntegerField()
    days_to_first_hire = _number()
    days_to_last_hire = _number()


class ReportTimeToHireSerializer(_Ranged):
    hires = serializers.IntegerField(source="report.hires")
    mean_days_to_hire = serializers.FloatField(source="report.mean_days_to_hire", allow_null=True)
    median_days_to_hire = serializers.FloatField(
        source="report.median_days_to_hire", allow_null=True
    )
    mean_days_to_fill = serializers.FloatField(source="report.mean_days_to_fill", allow_null=True)
    median_days_to_fill = serializers.FloatField(
        source="report.median_days_to_fill", allow_null=True
    )
    months = ReportMonthSerializer(source="report.months", many=True)
    jobs = ReportFillSerializer(source="report.jobs", many=True)


class ReportOffersSerializer(_Ranged):
    made = serializers.IntegerField(source="report.made")
    accepted = serializers.IntegerField(source="report.accepted")
    declined = serializers.IntegerField(source="report.declined")
    withdrawn = serializers.IntegerField(source="report.withdrawn")
    open = serializers.IntegerField(source="report.open")
    acceptance_rate = serializers.FloatField(
        source="report.acceptance_rate",
        allow_null=True,
        help_text=gettext_lazy("Accepted of the answered (accepted or declined) offers"),
    )


class ReportHeadcountRowSerializer(serializers.Serializer[Any]):
    job = serializers.IntegerField(source="job_id")
    reference = serializers.CharField()
    title = serializers.CharField()
    department = serializers.CharField()
    headcount = serializers.IntegerField()
    hired = serializers.IntegerField()
    open_seats = serializers.IntegerField()


class ReportHeadcountSerializer(_Ranged):
    rows = ReportHeadcountRowSerializer(many=True)


class ReportInterviewerRowSerializer(serializers.Serializer[Any]):
    interviewer = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    interviews = serializers.IntegerField()
    scorecards = serializers.IntegerField()
    median_hours = _number()


class ReportInterviewersSerializer(_Ranged):
    scorecards = serializers.IntegerField(source="report.scorecards")
    median_hours = serializers.FloatField(source="report.median_hours", allow_null=True)
    rows = ReportInterviewerRowSerializer(source="report.rows", many=True)


class _ReportView(APIView):
    output: type[serializers.Serializer[Any]]

    def answer(self, request: Request) -> Response:
        scope = validated(ReportQuerySerializer, request.query_params)["scope"]
        return Response(self.output(self.compute(scope)).data)

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        raise NotImplementedError


class FunnelView(_ReportView):
    """Per stage kind: applications submitted in the range that reached it, the conversion from
    the kind before, and the days spent in stages of the kind (from the event log)."""

    output = ReportFunnelSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "rows": selectors.funnel(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportFunnelSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)


class ChannelsView(_ReportView):
    """Per source channel: applications submitted in the range, and how many entered a
    screening, interview, offer and hired stage."""

    output = ReportChannelsSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "rows": selectors.channel_yield(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportChannelsSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)


class TimeToHireView(_ReportView):
    """Hires made in the range: days from submission (time to hire) and from the job's opening
    (time to fill), by month of hire and per job."""

    output = ReportTimeToHireSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "report": selectors.time_to_hire(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportTimeToHireSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)


class OffersView(_ReportView):
    """Offers made in the range by outcome, and the acceptance rate."""

    output = ReportOffersSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "report": selectors.offer_acceptance(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportOffersSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)


class HeadcountView(_ReportView):
    """Jobs opened in the range or receiving applications in it: hired against headcount."""

    output = ReportHeadcountSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "rows": selectors.headcount(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportHeadcountSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)


class InterviewersView(_ReportView):
    """Interviews starting in the range per interviewer, and the median hours from an
    interview's end to its scorecard's submission."""

    output = ReportInterviewersSerializer

    def compute(self, scope: selectors.ReportScope) -> dict[str, Any]:
        return {"scope": scope, "report": selectors.interviewer_load(scope)}

    @extend_schema(parameters=[ReportQuerySerializer], responses=ReportInterviewersSerializer)
    def get(self, request: Request) -> Response:
        return self.answer(request)
