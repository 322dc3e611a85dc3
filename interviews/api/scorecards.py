"""API of scorecards: a member writes and submits their own, reads the others' once theirs is
in; HR reads all and reopens."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ats.api import IdField, validated
from interviews import filters, scoring, selectors, services
from interviews.api.access import RoleViewSet
from interviews.models import (
    SCALE,
    Interview,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardReopening,
)

User = get_user_model()


class RatingSerializer(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = Rating
        fields = ["criterion", "criterion_name", "score", "notes"]


class ReopeningSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = ScorecardReopening
        fields = ["reason", "by", "at", "was_submitted_at"]

    def get_by(self, reopening: ScorecardReopening) -> str | None:
        return reopening.by.get_username() if reopening.by else None


class ScorecardSerializer(serializers.ModelSerializer):
    interviewer_name = serializers.SerializerMethodField()
    ratings = RatingSerializer(many=True, read_only=True)
    weighted_score = serializers.SerializerMethodField()
    reopenings = ReopeningSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "interview",
            "interviewer",
            "interviewer_name",
            "recommendation",
            "notes",
            "status",
            "submitted_at",
            "ratings",
            "weighted_score",
            "reopenings",
        ]
        read_only_fields = fields

    def get_interviewer_name(self, scorecard: Scorecard) -> str:
        return selectors.person_name(scorecard.interviewer)

    def get_weighted_score(self, scorecard: Scorecard) -> float | None:
        ratings = {r.criterion_id: r.score for r in scorecard.ratings.all() if r.score}
        weights = {r.criterion_id: r.criterion.weight for r in scorecard.ratings.all()}
        score = scoring.weighted_score(ratings, weights)
        return round(score, 2) if score is not None else None


class RatingInputSerializer(serializers.Serializer):
    criterion = IdField()
    score = serializers.IntegerField(
        min_value=SCALE.start, max_value=SCALE.stop - 1, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ScorecardInputSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    ratings = RatingInputSerializer(many=True, required=False, default=list)


class ScorecardCreateSerializer(ScorecardInputSerializer):
    interview = serializers.PrimaryKeyRelatedField(queryset=Interview.objects.all())


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


@extend_schema_view(
    create=extend_schema(request=ScorecardCreateSerializer, responses={201: ScorecardSerializer}),
    update=extend_schema(request=ScorecardInputSerializer, responses=ScorecardSerializer),
    partial_update=extend_schema(request=ScorecardInputSerializer, responses=ScorecardSerializer),
)
class ScorecardViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RoleViewSet,
):
    """Scorecards: a panel member writes and submits their own; the others' of the same
    interview become readable once theirs is submitted. HR reads all and reopens."""

    queryset = Scorecard.objects.none()
    serializer_class = ScorecardSerializer
    filterset_class = filters.ScorecardFilter
    hr_actions = ("reopen",)

    def get_queryset(self):
        return selectors.scorecard_list_for_user(self.request.user).prefetch_related(
            "reopenings__by"
        )

    def get_object(self) -> Scorecard:
        return selectors.scorecard_get_for_user(self.request.user, self.kwargs["pk"])

    def _ok(self, scorecard: Scorecard, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=scorecard.pk)
        return Response(ScorecardSerializer(fresh).data, code)

    def _own(self) -> Scorecard:
        scorecard = self.get_object()
        if scorecard.interviewer_id != self.request.user.pk:
            raise PermissionDenied
        return scorecard

    def _panel_interview(self, interview_pk: int) -> Interview:
        interview = selectors.interview_get_for_user(self.request.user, interview_pk)
        if not selectors.is_on_panel(self.request.user, interview):
            raise PermissionDenied
        return interview

    def create(self, request, *args, **kwargs):
        """Start (or continue) your own draft for an interview you sit on."""
        data = validated(ScorecardCreateSerializer, request.data)
        interview = self._panel_interview(data.pop("interview").pk)
        scorecard = services.scorecard_save(actor=request.user, interview=interview, **data)
        return self._ok(scorecard, 201)

    def update(self, request, *args, **kwargs):
        scorecard = self._own()
        data = validated(ScorecardInputSerializer, request.data, partial=kwargs.get("partial"))
        interview = self._panel_interview(scorecard.interview_id)
        if kwargs.get("partial"):
            data.setdefault("recommendation", scorecard.recommendation)
            data.setdefault("notes", scorecard.notes)
        return self._ok(services.scorecard_save(actor=request.user, interview=interview, **data))

    @extend_schema(request=None, responses=ScorecardSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit your own draft; it is locked afterwards (HR can reopen it)."""
        scorecard = self._own()
        self._panel_interview(scorecard.interview_id)
        return self._ok(services.scorecard_submit(actor=request.user, scorecard=scorecard))

    @extend_schema(request=ReasonSerializer, responses=ScorecardSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """HR: unlock a submitted scorecard, with a reason (audited)."""
        scorecard = self.get_object()
        data = validated(ReasonSerializer, request.data)
        return self._ok(
            services.scorecard_reopen(
                actor=request.user, scorecard=scorecard, reason=data["reason"]
            )
        )
