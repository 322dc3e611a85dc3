"""API of panel seats: HR adds, replaces and removes members; a member answers the
conflict-of-interest question for their own seat."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from ats.api import validated
from interviews import filters, selectors, services
from interviews.api.access import RoleViewSet
from interviews.models import (
    Interview,
    PanelMember,
)

User = get_user_model()


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
        return text if selectors.sees_seat_notes(self.context["request"].user, member) else ""

    def get_conflict_note(self, member: PanelMember) -> str:
        return self._private(member, member.conflict_note)

    def get_removal_reason(self, member: PanelMember) -> str:
        return self._private(member, member.removal_reason)


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
    create=extend_schema(request=PanelAddSerializer, responses={201: PanelMemberSerializer})
)
class PanelMemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RoleViewSet
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
