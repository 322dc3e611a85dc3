"""REST API of interviews: rounds and criteria, interviews, panels, scorecards, decisions.

Role rules: HR reaches everything. An interviewer reaches only the interviews whose panel they
sit on, their own seat and scorecards there, and (after submitting their own) the others'
submitted scorecards of the same interview: anything else is a 404, an HR action a 403.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import selectors as application_selectors
from applications.models import Application, JobOpening
from ats.api import validated
from ats.roles import IsHR, is_hr, is_interviewer
from interviews import filters, scoring, selectors, services
from interviews.models import (
    SCALE,
    Criterion,
    Interview,
    InterviewRound,
    PanelMember,
    Rating,
    Recommendation,
    RoundDecision,
    RoundOutcome,
    Scorecard,
    ScorecardReopening,
)

User = get_user_model()


class IsHROrInterviewer(BasePermission):
    """HR and interviewers; which objects an interviewer reaches is the access helpers' job."""

    message = "Only HR staff and interviewers may use this endpoint."

    def has_permission(self, request, view) -> bool:
        return is_hr(request.user) or is_interviewer(request.user)


class _RoleViewSet(viewsets.GenericViewSet):
    """HR-only actions (`hr_actions`) answer 403 to interviewers; the rest is open to both."""

    hr_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.hr_actions:
            return [IsHR()]
        return [IsHROrInterviewer()]


# --- rounds --------------------------------------------------------------------------------


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
        criteria = [
            {"id": c.pk, **{f: getattr(c, f) for f in services.CRITERION_FIELDS}}
            for c in selectors.round_criteria(round_)
        ]
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


# --- interviews and panels -----------------------------------------------------------------


class PanelMemberSerializer(serializers.ModelSerializer):
    interviewer_name = serializers.SerializerMethodField()
    conflict_note = serializers.SerializerMethodField()
    removal_reason = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = PanelMember
        fields = [
            "id",
            "interview",
            "interviewer",
            "interviewer_name",
            "conflict_status",
            "conflict_note",
            "conflict_at",
            "is_active",
            "removed_at",
            "removal_reason",
            "replaced_by",
        ]
        read_only_fields = fields

    def get_interviewer_name(self, member: PanelMember) -> str:
        return selectors.person_name(member.interviewer)

    def _private(self, member: PanelMember, text: str) -> str:
        # What a conflict is, or why someone left the panel, stays between the member and HR.
        user = self.context["request"].user
        return text if is_hr(user) or member.interviewer_id == user.pk else ""

    def get_conflict_note(self, member: PanelMember) -> str:
        return self._private(member, member.conflict_note)

    def get_removal_reason(self, member: PanelMember) -> str:
        return self._private(member, member.removal_reason)


class InterviewSerializer(serializers.ModelSerializer):
    candidate = serializers.CharField(source="application.candidate.full_name", read_only=True)
    job = serializers.CharField(source="application.job.reference", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    local_start = serializers.SerializerMethodField()
    local_end = serializers.SerializerMethodField()
    panel = serializers.SerializerMethodField()
    criteria = CriterionSerializer(source="round.criteria", many=True, read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "candidate",
            "job",
            "round",
            "round_name",
            "starts_at",
            "ends_at",
            "time_zone",
            "local_start",
            "local_end",
            "venue",
            "video_link",
            "status",
            "status_note",
            "ical_uid",
            "ical_sequence",
            "panel",
            "criteria",
        ]
        read_only_fields = fields

    def get_local_start(self, interview: Interview) -> str:
        return interview.local_start.replace(tzinfo=None).isoformat(timespec="minutes")

    def get_local_end(self, interview: Interview) -> str:
        return interview.local_end.replace(tzinfo=None).isoformat(timespec="minutes")

    @extend_schema_field(PanelMemberSerializer(many=True))
    def get_panel(self, interview: Interview) -> list[dict[str, Any]]:
        members = interview.panel.all()
        if not is_hr(self.context["request"].user):
            members = [m for m in members if m.is_active]
        return PanelMemberSerializer(members, many=True, context=self.context).data


class LocalDateTimeField(serializers.DateTimeField):
    """A time with an offset, or without one: then it is read in the request's `time_zone`."""

    def enforce_timezone(self, value):
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


class InterviewTimeSerializer(serializers.Serializer):
    starts_at = LocalDateTimeField()
    ends_at = LocalDateTimeField()
    time_zone = serializers.CharField(max_length=64, required=False, default="")
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Without a zone: the one the interview was planned in (reschedule), else the site's.
        attrs["time_zone"] = (
            attrs.get("time_zone") or self.context.get("time_zone") or settings.TIME_ZONE
        )
        zone = services.time_zone_from_name(attrs["time_zone"])
        for name in ("starts_at", "ends_at"):
            if timezone.is_naive(attrs[name]):
                attrs[name] = attrs[name].replace(tzinfo=zone)
        return attrs


class InterviewScheduleSerializer(InterviewTimeSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    round = serializers.PrimaryKeyRelatedField(queryset=InterviewRound.objects.all())
    panel = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class PanelAddSerializer(serializers.Serializer):
    interview = serializers.PrimaryKeyRelatedField(queryset=Interview.objects.all())
    interviewer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class PanelReplaceSerializer(serializers.Serializer):
    interviewer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class ConflictDeclareSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class PanelRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


@extend_schema_view(
    create=extend_schema(request=InterviewScheduleSerializer, responses={201: InterviewSerializer})
)
class InterviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _RoleViewSet
):
    """Interviews: HR schedules, reschedules, cancels and records no-shows; a panel member
    sees the interviews they sit on, with the round's criteria and anchors."""

    queryset = Interview.objects.none()
    serializer_class = InterviewSerializer
    filterset_class = filters.InterviewFilter
    ordering_fields = ["starts_at"]
    hr_actions = ("create", "reschedule", "cancel", "no_show")

    def get_queryset(self):
        return selectors.interview_list_for_user(self.request.user)

    def get_object(self) -> Interview:
        return selectors.interview_get_for_user(self.request.user, self.kwargs["pk"])

    def _ok(self, interview: Interview, code: int = 200) -> Response:
        fresh = selectors.interview_get_for_user(self.request.user, interview.pk)
        return Response(
            InterviewSerializer(fresh, context=self.get_serializer_context()).data, code
        )

    def create(self, request, *args, **kwargs):
        """Schedule an interview; refused (400) when someone is double-booked, naming the
        clashing interview. Times without an offset are read in `time_zone`."""
        data = validated(InterviewScheduleSerializer, request.data)
        interview = services.interview_schedule(actor=request.user, **data)
        return self._ok(interview, 201)

    @extend_schema(request=InterviewTimeSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """New time or place; everyone gets an update of the invitation (same UID)."""
        interview = self.get_object()
        data = validated(
            InterviewTimeSerializer, request.data, context={"time_zone": interview.time_zone}
        )
        return self._ok(
            services.interview_reschedule(actor=request.user, interview=interview, **data)
        )

    @extend_schema(request=NoteSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        interview = self.get_object()
        data = validated(NoteSerializer, request.data)
        return self._ok(
            services.interview_cancel(actor=request.user, interview=interview, reason=data["note"])
        )

    @extend_schema(request=NoteSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        interview = self.get_object()
        data = validated(NoteSerializer, request.data)
        return self._ok(
            services.interview_no_show(actor=request.user, interview=interview, note=data["note"])
        )


@extend_schema_view(
    create=extend_schema(request=PanelAddSerializer, responses={201: PanelMemberSerializer})
)
class PanelMemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _RoleViewSet
):
    """Panel seats: HR adds and replaces members; a member answers the conflict-of-interest
    question for their own seat."""

    queryset = PanelMember.objects.none()
    serializer_class = PanelMemberSerializer
    filterset_class = filters.PanelMemberFilter
    hr_actions = ("create", "replace", "remove")

    def get_queryset(self):
        return selectors.panel_member_list_for_user(self.request.user)

    def get_object(self) -> PanelMember:
        return selectors.panel_member_get_for_user(self.request.user, self.kwargs["pk"])

    def _ok(self, member: PanelMember, code: int = 200) -> Response:
        fresh = selectors.panel_member_get_for_user(self.request.user, member.pk)
        return Response(
            PanelMemberSerializer(fresh, context=self.get_serializer_context()).data, code
        )

    def _own(self) -> PanelMember:
        member = self.get_object()
        if member.interviewer_id != self.request.user.pk:
            raise PermissionDenied
        return member

    def create(self, request, *args, **kwargs):
        data = validated(PanelAddSerializer, request.data)
        interview = selectors.interview_get_for_user(request.user, data["interview"].pk)
        member = services.panel_member_add(
            actor=request.user, interview=interview, interviewer=data["interviewer"]
        )
        return self._ok(member, 201)

    @extend_schema(request=None, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-no-conflict")
    def confirm_no_conflict(self, request, pk=None):
        """The member (only) confirms they have no conflict of interest with the candidate."""
        member = self._own()
        return self._ok(
            services.panel_member_confirm_no_conflict(actor=request.user, member=member)
        )

    @extend_schema(request=ConflictDeclareSerializer, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"], url_path="declare-conflict")
    def declare_conflict(self, request, pk=None):
        """The member (only) declares a conflict of interest; HR then replaces them."""
        member = self._own()
        data = validated(ConflictDeclareSerializer, request.data)
        return self._ok(
            services.panel_member_declare_conflict(
                actor=request.user, member=member, note=data["note"]
            )
        )

    @extend_schema(request=PanelReplaceSerializer, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        """Replace the member with another interviewer; returns the new seat."""
        member = self.get_object()
        data = validated(PanelReplaceSerializer, request.data)
        new = services.panel_member_replace(
            actor=request.user, member=member, replacement=data["interviewer"]
        )
        return self._ok(new)

    @extend_schema(request=PanelRemoveSerializer, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take the member off the panel without a replacement (the round then waits for the
        others only); refused for a member who submitted, and for the last one."""
        member = self.get_object()
        data = validated(PanelRemoveSerializer, request.data)
        removed = services.panel_member_remove(
            actor=request.user, member=member, reason=data["reason"]
        )
        return self._ok(removed)


# --- scorecards ----------------------------------------------------------------------------


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
    criterion = serializers.IntegerField()
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
    _RoleViewSet,
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


# --- decisions and calibration -------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)
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
