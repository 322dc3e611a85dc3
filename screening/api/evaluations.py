"""API of rule evaluations: per criterion met, not met or unknown, with the evidence."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from applications.models import JobOpening
from ats.api import validated
from screening import selectors, services
from screening.api.common import (
    ScreenedApplicantSerializer,
    applicant_data,
    choice_field,
    screened,
)
from screening.models import Evaluation, Recommendation


class CriterionResultSerializer(serializers.Serializer):
    # Fields named like attributes of DRF's Field (label, required, source): the declarative
    # syntax allows it, the stubs do not.
    kind = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    required = serializers.BooleanField()  # type: ignore[assignment]
    outcome = choice_field(
        [("met", "met"), ("not_met", "not met"), ("unknown", "unknown")],
        description="met, not_met, or unknown (the CV or the form does not say).",
    )
    found = serializers.JSONField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)  # type: ignore[assignment]


class EvaluationSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField()
    recommendation = choice_field(
        Recommendation.choices, description="pass, fail or review (needs review).", read_only=True
    )
    job = serializers.IntegerField(source="application.job_id", read_only=True)
    stage = serializers.CharField(source="application.stage.name", read_only=True)
    stale = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "application",
            "applicant",
            "job",
            "stage",
            "recommendation",
            "score",
            "criteria_version",
            "stale",
            "cv_read",
            "evaluated_at",
            "results",
        ]
        read_only_fields = fields

    @extend_schema_field(ScreenedApplicantSerializer)
    def get_applicant(self, evaluation: Evaluation) -> dict[str, Any]:
        return applicant_data(self.context, evaluation.application)

    def get_stale(self, evaluation: Evaluation) -> bool:
        criteria = selectors.criteria_from_job(evaluation.application.job)
        return selectors.evaluation_stale(evaluation, criteria)

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_results(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        mask = screened(self.context, evaluation.application).mask
        return selectors.result_dicts(evaluation, mask=mask)


class EvaluationRunSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """The rules' reading of each application: per criterion met, not met or unknown, with the
    evidence, and the recommendation. Filters: job, recommendation, score range, decision."""

    serializer_class = EvaluationSerializer
    filterset_class = selectors.EvaluationFilter
    ordering_fields = ["score", "evaluated_at"]
    ordering = ["-evaluated_at", "-id"]

    def get_queryset(self) -> Any:
        return selectors.evaluation_list()

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def rerun(self, request: Request, pk: str | None = None) -> Response:
        """Run the rules on this application again, now."""
        evaluation = self.get_object()
        services.evaluation_run(application=evaluation.application)
        fresh = selectors.evaluation_list().get(pk=evaluation.pk)
        return Response(EvaluationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request=EvaluationRunSerializer,
        responses={
            202: inline_serializer("EvaluationRunQueued", {"queued": serializers.BooleanField()})
        },
    )
    @action(detail=False, methods=["post"], url_path="run")
    def run(self, request: Request) -> Response:
        """Run the rules again on every application of the job still waiting for screening
        (in Celery)."""
        data = validated(EvaluationRunSerializer, request.data)
        job = selectors.job_get_for_user(request.user, data["job"].pk)
        services.evaluations_request_for_job(job=job, actor=request.user)
        return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)
