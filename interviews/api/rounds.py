"""API of interview rounds: criteria, minimum panel size, the round overview (HR only)."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from applications.models import JobOpening
from ats.api import validated
from interviews import filters, selectors, services
from interviews.models import (
    SCALE,
    Criterion,
    InterviewRound,
)

User = get_user_model()


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "position",
            "name",
            "description",
            "weight",
            "anchor_1",
            "anchor_2",
            "anchor_3",
            "anchor_4",
            "anchor_5",
        ]
        read_only_fields = ["position"]


class CriterionInputSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, allow_null=True)

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", *[f"anchor_{p}" for p in SCALE]]
        # The name is unique per round; the service checks it over the whole new list.
        validators: list = []


class CriteriaInputSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True, allow_empty=False)


class RoundSerializer(serializers.ModelSerializer):
    job = serializers.IntegerField(source="stage.job_id", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = InterviewRound
        fields = ["id", "job", "stage", "stage_name", "name", "min_panel_size", "criteria"]
        read_only_fields = ["stage"]


class RoundInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterviewRound
        fields = ["name", "min_panel_size"]


class RoundEnsureSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())


class OverviewRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    candidate = serializers.CharField(source="application.candidate.full_name")
    application_status = serializers.CharField(source="application.status")
    interview = serializers.SerializerMethodField()
    interview_status = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    scorecards_submitted = serializers.SerializerMethodField()
    panel_size = serializers.SerializerMethodField()
    scorecards_needed = serializers.SerializerMethodField()
    weighted_score = serializers.SerializerMethodField()
    disagreements = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    def get_interview(self, row: selectors.OverviewRow) -> int | None:
        return row.summary.interview.pk if row.summary else None

    def get_interview_status(self, row: selectors.OverviewRow) -> str | None:
        return row.summary.interview.status if row.summary else None

    def get_starts_at(self, row: selectors.OverviewRow) -> str | None:
        return row.summary.interview.starts_at.isoformat() if row.summary else None

    def get_scorecards_submitted(self, row: selectors.OverviewRow) -> int:
        return row.summary.submitted if row.summary else 0

    def get_panel_size(self, row: selectors.OverviewRow) -> int:
        return len(row.summary.members) if row.summary else 0

    def get_scorecards_needed(self, row: selectors.OverviewRow) -> int:
        """Every current member's, and at least the round's minimum panel of them."""
        return row.summary.expected if row.summary else 0

    def get_weighted_score(self, row: selectors.OverviewRow) -> float | None:
        return round(row.summary.score, 2) if row.summary and row.summary.score else None

    def get_disagreements(self, row: selectors.OverviewRow) -> list[str]:
        return [c.name for c in row.summary.disagreements] if row.summary else []

    def get_decision(self, row: selectors.OverviewRow) -> str | None:
        return row.decision.outcome if row.decision else None


class RoundOverviewSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    weighted_score = serializers.SerializerMethodField()
    rows = OverviewRowSerializer(many=True)

    def get_weighted_score(self, overview: selectors.RoundOverview) -> float | None:
        score = overview.score
        return round(score, 2) if score is not None else None


@extend_schema_view(
    update=extend_schema(request=RoundInputSerializer, responses=RoundSerializer),
    partial_update=extend_schema(request=RoundInputSerializer, responses=RoundSerializer),
)
class RoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A job's interview rounds (HR only). Rounds follow the job's interview stages; `ensure`
    creates the missing ones with default criteria."""

    queryset = InterviewRound.objects.none()
    serializer_class = RoundSerializer
    filterset_class = filters.RoundFilter
    pagination_class = None

    def get_queryset(self):
        return selectors.round_list()

    def get_object(self) -> InterviewRound:
        return selectors.round_get_for_user(self.request.user, self.kwargs["pk"])

    def update(self, request, *args, **kwargs):
        round_ = self.get_object()
        data = validated(
            RoundInputSerializer, request.data, instance=round_, partial=kwargs.get("partial")
        )
        criteria = services.criterion_specs(selectors.round_criteria(round_))
        updated = services.round_update(
            actor=request.user,
            round=round_,
            name=data.get("name", round_.name),
            min_panel_size=data.get("min_panel_size", round_.min_panel_size),
            criteria=criteria,
        )
        return Response(RoundSerializer(updated).data)

    @extend_schema(request=RoundEnsureSerializer, responses=RoundSerializer(many=True))
    @action(detail=False, methods=["post"])
    def ensure(self, request):
        """Create the job's missing rounds (one per interview stage); returns all of them."""
        data = validated(RoundEnsureSerializer, request.data)
        rounds = services.rounds_ensure_for_job(job=data["job"], actor=request.user)
        return Response(RoundSerializer(rounds, many=True).data)

    @extend_schema(request=CriteriaInputSerializer, responses=CriterionSerializer(many=True))
    @action(detail=True, methods=["put"])
    def criteria(self, request, pk=None):
        """Replace the criteria list (order, names, weights, anchors); `id` keeps a criterion."""
        round_ = self.get_object()
        data = validated(CriteriaInputSerializer, request.data)
        updated = services.round_update(
            actor=request.user,
            round=round_,
            name=round_.name,
            min_panel_size=round_.min_panel_size,
            criteria=[dict(item) for item in data["criteria"]],
        )
        return Response(CriterionSerializer(selectors.round_criteria(updated), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("closed", bool, description="Include closed applications")],
        responses=RoundOverviewSerializer,
    )
    @action(detail=True, methods=["get"])
    def overview(self, request, pk=None):
        """Per application: interview, scorecards submitted of the panel, weighted score,
        criteria the panel disagrees on (ratings 2 or more apart), decision."""
        overview = selectors.round_overview(
            self.get_object(), include_closed=request.query_params.get("closed") in ("1", "true")
        )
        return Response(RoundOverviewSerializer(overview).data)
