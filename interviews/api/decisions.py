"""API of HR's round decisions and of the calibration of interviewers."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import selectors as application_selectors
from applications.models import Application, RejectionReason
from ats.api import validated
from interviews import filters, selectors, services
from interviews.models import (
    InterviewRound,
    RoundDecision,
    RoundOutcome,
)

User = get_user_model()


class DecisionSerializer(serializers.ModelSerializer):
    rejection_reason: serializers.SlugRelatedField[RejectionReason] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = RoundDecision
        fields = [
            "id",
            "application",
            "round",
            "outcome",
            "rejection_reason",
            "note",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    def get_decided_by(self, decision: RoundDecision) -> str | None:
        return decision.decided_by.get_username() if decision.decided_by else None


class DecisionInputSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    round = serializers.PrimaryKeyRelatedField(queryset=InterviewRound.objects.all())
    outcome = serializers.ChoiceField(choices=RoundOutcome.choices)
    rejection_reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=application_selectors.rejection_reasons(),
        required=False,
        allow_null=True,
        default=None,
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    move_on = serializers.BooleanField(required=False, default=False)


@extend_schema_view(
    create=extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
)
class RoundDecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """HR's round decisions. `reject` rejects the application through the workflow engine;
    `advance` needs every scorecard in (and with `move_on` moves to the next stage)."""

    queryset = RoundDecision.objects.select_related(
        "rejection_reason", "decided_by", "round"
    ).order_by("round", "decided_at", "id")
    serializer_class = DecisionSerializer
    filterset_class = filters.DecisionFilter

    def create(self, request, *args, **kwargs):
        data = validated(DecisionInputSerializer, request.data)
        application = application_selectors.application_get_for_user(
            request.user, data.pop("application").pk
        )
        decision = services.round_decision_record(
            actor=request.user, application=application, **data
        )
        return Response(DecisionSerializer(decision).data, status=201)


class CalibrationRowSerializer(serializers.Serializer):
    interviewer = serializers.IntegerField(source="interviewer.pk")
    interviewer_name = serializers.SerializerMethodField()
    interviews = serializers.IntegerField(source="row.interviews")
    ratings = serializers.IntegerField(source="row.ratings")
    mean = serializers.FloatField(source="row.mean")
    panel_mean = serializers.FloatField(source="row.panel_mean")
    difference = serializers.FloatField(source="row.difference")

    def get_interviewer_name(self, line: selectors.CalibrationLine) -> str:
        return selectors.person_name(line.interviewer)


class CalibrationView(APIView):
    """HR: each interviewer's mean rating against their panels' mean over a job's interviews
    (positive difference: more lenient than their panels)."""

    @extend_schema(
        parameters=[OpenApiParameter("job", int, required=True, description="Job opening id")],
        responses=CalibrationRowSerializer(many=True),
    )
    def get(self, request):
        try:
            job_id = int(request.query_params.get("job", ""))
        except ValueError:
            raise ValidationError({"job": [_("Give the id of a job opening.")]}) from None
        try:
            job = application_selectors.job_get(job_id)
        except Http404:
            raise ValidationError({"job": [_("No such job opening.")]}) from None
        lines = selectors.calibration_for_job(job)
        return Response(CalibrationRowSerializer(lines, many=True).data)
