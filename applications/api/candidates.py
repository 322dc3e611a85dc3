"""API for candidates (people across jobs) and the possible duplicates HR resolves."""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from applications import blinding, selectors, services
from applications.api.common import CandidateBriefSerializer, DomainErrorSerializer
from applications.models import (
    Application,
    Candidate,
    PossibleDuplicate,
)
from ats.api import validated


class CandidateSerializer(CountryFieldMixin, serializers.ModelSerializer):
    application_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "email",
            "phone",
            "nationality",
            "country_of_residence",
            "application_count",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        # Uniqueness is the service's job (on the normalised e-mail), not the serializer's.
        extra_kwargs: dict[str, dict[str, Any]] = {"email": {"validators": []}}

    def to_representation(self, candidate: Candidate) -> dict:
        data = super().to_representation(candidate)
        masked = blinding.masked(candidate)
        if masked is not None:
            # Blind screening: one of their applications is masked for this user.
            data.update(
                full_name=masked.label,
                email=None,
                phone=None,
                nationality=None,
                country_of_residence=None,
            )
        return data


class DuplicateApplicationSerializer(serializers.ModelSerializer):
    job_reference = serializers.CharField(source="job.reference", read_only=True)
    job_title = serializers.CharField(source="job.title", read_only=True)
    stage = serializers.CharField(source="stage.name", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "job", "job_reference", "job_title", "stage", "status", "submitted_at"]


class DuplicateCandidateSerializer(CandidateBriefSerializer):
    applications = DuplicateApplicationSerializer(many=True, read_only=True)

    class Meta(CandidateBriefSerializer.Meta):
        fields = [*CandidateBriefSerializer.Meta.fields, "applications"]

    def to_representation(self, candidate: Candidate) -> dict:
        data = super().to_representation(candidate)
        masked = blinding.masked(candidate)
        if masked is not None:
            # Blind screening: one of their applications is masked for this user.
            data.update(id=None, full_name=masked.label, email=None, nationality=None)
        return data


class PossibleDuplicateSerializer(serializers.ModelSerializer):
    candidate = DuplicateCandidateSerializer(
        read_only=True, help_text="The newer candidate, flagged when they applied."
    )
    existing = DuplicateCandidateSerializer(
        read_only=True, help_text="The candidate already on file whom they resemble."
    )
    resolved_by = serializers.CharField(source="resolved_by.username", default=None, read_only=True)

    class Meta:
        model = PossibleDuplicate
        fields = [
            "id",
            "candidate",
            "existing",
            "reason",
            "created_at",
            "resolution",
            "resolution_note",
            "resolved_by",
            "resolved_at",
        ]


class DuplicateResolveInputSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(
        choices=PossibleDuplicate.DECISIONS,
        error_messages={
            "invalid_choice": gettext_lazy("Choose “same person” or “different people”.")
        },
        help_text="HR's judgement. Nothing is merged: “same_person” is recorded, not acted on.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class CandidateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CandidateSerializer
    filterset_fields = ["nationality", "country_of_residence"]
    ordering_fields = ["full_name", "created_at"]

    def get_queryset(self):
        queryset = Candidate.objects.annotate(application_count=Count("applications")).order_by(
            "full_name", "id"
        )
        queryset = blinding.annotate_identity_masks(queryset, self.request.user)
        if self.request.query_params.get("q", "").strip():
            # A name search must not find an applicant blind screening hides.
            queryset = blinding.exclude_masked(queryset)
        return selectors.candidate_search(queryset, self.request.query_params.get("q", ""))

    def create(self, request, *args, **kwargs):
        data = validated(CandidateSerializer, request.data)
        candidate = services.candidate_create(actor=request.user, **data)
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data, 201)

    def update(self, request, *args, **kwargs):
        candidate = self.get_object()
        data = validated(
            CandidateSerializer, request.data, instance=candidate, partial=kwargs.get("partial")
        )
        services.candidate_update(candidate=candidate, actor=request.user, **data)
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data)


class PossibleDuplicateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Candidates who may be one person under two e-mails; HR resolves each flag once."""

    serializer_class = PossibleDuplicateSerializer
    filterset_class = selectors.PossibleDuplicateFilter
    ordering_fields = ["created_at", "resolved_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return selectors.possible_duplicate_list(self.request.user)

    def get_object(self) -> PossibleDuplicate:
        return selectors.possible_duplicate_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=DuplicateResolveInputSerializer,
        responses={
            200: PossibleDuplicateSerializer,
            400: OpenApiResponse(description="Field messages for a bad resolution or note."),
            409: OpenApiResponse(
                DomainErrorSerializer, description="Already resolved (code already_resolved)."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Record HR's judgement (same person, or different people) with a note; merges nothing."""
        flag = self.get_object()
        data = validated(DuplicateResolveInputSerializer, request.data)
        services.duplicate_resolve(duplicate=flag, actor=request.user, **data)
        fresh = selectors.possible_duplicate_get_for_user(request.user, flag.pk)
        return Response(PossibleDuplicateSerializer(fresh).data)
