"""API of reviewers' screening decisions (append-only) and the bulk pass of recommended."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from applications.models import Application, JobOpening
from applications.selectors import application_get_for_user
from ats.api import validated
from screening import selectors, services
from screening.api.common import ScreenedApplicantSerializer, applicant_data
from screening.models import Decision, ScreeningDecision


class ScreeningDecisionSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField()
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)

    class Meta:
        model = ScreeningDecision
        fields = [
            "id",
            "application",
            "applicant",
            "reviewer",
            "decision",
            "note",
            "at",
            "from_recommendation",
        ]
        read_only_fields = fields

    @extend_schema_field(ScreenedApplicantSerializer)
    def get_applicant(self, decision: ScreeningDecision) -> dict[str, Any]:
        return applicant_data(self.context, decision.application)


class ScreeningDecisionCreateSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    decision = serializers.ChoiceField(choices=Decision.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.NOTE_MAX
    )


class PassRecommendedSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())


class BulkDecisionOutcomeSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField()
    recorded = serializers.BooleanField()
    message = serializers.CharField()


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviewers' decisions (append-only): pass, fail or hold with a note. The screening gate
    opens when some reviewer's latest decision is pass and none is fail or hold."""

    serializer_class = ScreeningDecisionSerializer
    filterset_class = selectors.DecisionFilter
    ordering = ["-at", "-id"]

    def get_queryset(self) -> Any:
        return selectors.decision_list()

    @extend_schema(
        request=ScreeningDecisionCreateSerializer, responses={201: ScreeningDecisionSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ScreeningDecisionCreateSerializer, request.data)
        application = application_get_for_user(request.user, data["application"].pk)
        decision = services.decision_record(
            application=application,
            actor=request.user,
            decision=data["decision"],
            note=data["note"],
        )
        fresh = selectors.decision_list().get(pk=decision.pk)
        return Response(
            ScreeningDecisionSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=PassRecommendedSerializer, responses=BulkDecisionOutcomeSerializer(many=True)
    )
    @action(detail=False, methods=["post"], url_path="pass-recommended")
    def pass_recommended(self, request: Request) -> Response:
        """Record a pass for every application in screening the rules recommend; one decision
        each, and a line per application saying what was recorded or why not."""
        data = validated(PassRecommendedSerializer, request.data)
        job = selectors.job_get_for_user(request.user, data["job"].pk)
        outcomes = services.decisions_pass_recommended(job=job, actor=request.user)
        return Response(BulkDecisionOutcomeSerializer(outcomes, many=True).data)
