"""API of interviews: HR schedules, reschedules, cancels and records no-shows; a panel member
sees the interviews they sit on."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from applications.models import Application
from ats.api import validated
from interviews import filters, selectors, services
from interviews.api.access import RoleViewSet
from interviews.api.panels import PanelMemberSerializer
from interviews.api.rounds import CriterionSerializer
from interviews.models import (
    Interview,
    InterviewRound,
)

User = get_user_model()


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
    def get_panel(self, interview: Interview) -> Any:
        members = selectors.panel_for_user(self.context["request"].user, interview)
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
    notify = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Send invitations (or updates); false records an interview that already "
        "took place, which a start in the past needs.",
    )

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


@extend_schema_view(
    create=extend_schema(request=InterviewScheduleSerializer, responses={201: InterviewSerializer})
)
class InterviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RoleViewSet
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
