"""API for candidates (people across jobs) and the possible duplicates HR resolves."""

from typing import Any

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import (
    OpenApiParameter,
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
    CandidateMerge,
    ErasureRecord,
    LegalHold,
    PersonalDataAccess,
    PossibleDuplicate,
)
from ats.api import validated
from ats.errors import InvalidInput


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


class DuplicateMergeInputSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(
        help_text="The candidate kept: the flag's `candidate` or its `existing` (by id)."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class CandidateMergeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None, read_only=True)
    undone_by = serializers.CharField(source="undone_by.username", default=None, read_only=True)
    moved = serializers.SerializerMethodField(help_text="How many rows the merge moved.")
    set_aside = serializers.SerializerMethodField(
        help_text="How many rows it deleted (kept for the undo) to honour a unique constraint."
    )

    class Meta:
        model = CandidateMerge
        fields = [
            "id",
            "survivor",
            "absorbed",
            "by",
            "at",
            "reason",
            "moved",
            "set_aside",
            "undone_at",
            "undone_by",
        ]

    def get_moved(self, merge: CandidateMerge) -> int:
        return len(merge.changes.get("moved", []))

    def get_set_aside(self, merge: CandidateMerge) -> int:
        return len(merge.changes.get("deleted", []))


class EraseInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the data is erased.")


class HoldInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the data must be kept.")


class ErasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = ErasureRecord
        fields = ["id", "candidate", "at", "by_label", "reason", "automatic", "application_count"]


class LegalHoldSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalHold
        fields = ["id", "candidate", "reason", "set_at", "released_at"]


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalDataAccess
        fields = ["id", "action", "application", "by_label", "at"]


class RetentionDueSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(source="candidate_id")
    due_at = serializers.DateTimeField()
    application_count = serializers.IntegerField()
    hired = serializers.BooleanField()
    holds = serializers.ListField(child=serializers.CharField())


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
        # A candidate merged into another is no longer a person of their own.
        queryset = (
            Candidate.objects.filter(merged_into__isnull=True)
            .annotate(application_count=Count("applications"))
            .order_by("full_name", "id")
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

    @extend_schema(
        request=EraseInputSerializer,
        responses={
            201: ErasureSerializer,
            409: OpenApiResponse(
                DomainErrorSerializer,
                description="Under a legal hold (code legal_hold) or already erased (erased).",
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Erase the person's data from every table and file; anonymous statistics stay."""
        candidate = selectors.candidate_get_for_user(request.user, int(pk))
        data = validated(EraseInputSerializer, request.data)
        record = services.candidate_erase(
            candidate=candidate, actor=request.user, reason=data["reason"]
        )
        return Response(ErasureSerializer(record).data, status=201)

    @extend_schema(responses={(200, "application/zip"): OpenApiResponse(description="ZIP")})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """Everything held on the person: personal-data.json and their original files."""
        candidate = selectors.candidate_get_for_user(request.user, int(pk))
        archive = services.candidate_export(candidate=candidate, actor=request.user)
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="personal-data-{candidate.pk}.zip"'
        return response

    @extend_schema(request=HoldInputSerializer, responses={201: LegalHoldSerializer})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """Keep the person's data past retention for a stated reason (refuses erasure)."""
        candidate = selectors.candidate_get_for_user(request.user, int(pk))
        data = validated(HoldInputSerializer, request.data)
        hold = services.legal_hold_set(
            candidate=candidate, actor=request.user, reason=data["reason"]
        )
        return Response(LegalHoldSerializer(hold).data, status=201)

    @extend_schema(request=None, responses={200: LegalHoldSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="release-holds")
    def release_holds(self, request, pk=None):
        """Lift HR's holds on the person (an open foreign-expert case still holds them)."""
        candidate = selectors.candidate_get_for_user(request.user, int(pk))
        holds = [
            services.legal_hold_release(hold=hold, actor=request.user)
            for hold in candidate.legal_holds.filter(released_at__isnull=True)
        ]
        return Response(LegalHoldSerializer(holds, many=True).data)

    @extend_schema(responses={200: AccessLogSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="access-log")
    def access_log(self, request, pk=None):
        """Who opened the CV, exported or erased this person's data, and when."""
        candidate = selectors.candidate_get_for_user(request.user, int(pk))
        rows = selectors.candidate_access_log(candidate)
        return Response(AccessLogSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("within_days", int, description="Default 30.")],
        responses={200: RetentionDueSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="retention-due")
    def retention_due(self, request):
        """Who falls due for erasure in the next `within_days` days, with what holds them."""
        try:
            within = int(request.query_params.get("within_days", 30))
        except ValueError:
            within = 30
        rows = selectors.retention_due(now=timezone.now(), within_days=max(0, within))
        return Response(RetentionDueSerializer(rows, many=True).data)


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

    @extend_schema(
        request=DuplicateMergeInputSerializer,
        responses={201: CandidateMergeSerializer},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge the flag's two candidates into `survivor`; everything of the other moves.

        Refused with 400 and a `code`: `merge_self`, `erased`, `already_merged`, `legal_hold`,
        `merge_conflict` (rows of both that cannot be combined, such as two applications to one
        job); a `survivor` that is neither candidate is a field error."""
        flag = self.get_object()
        data = validated(DuplicateMergeInputSerializer, request.data)
        pair = {flag.candidate_id: flag.candidate, flag.existing_id: flag.existing}
        if data["survivor"] not in pair:
            raise InvalidInput(
                {"survivor": [gettext_lazy("Choose which of the two candidates is kept.")]}
            )
        (absorbed,) = (person for key, person in pair.items() if key != data["survivor"])
        merge = services.candidate_merge(
            actor=request.user,
            survivor=pair[data["survivor"]],
            absorbed=absorbed,
            reason=data["reason"],
        )
        return Response(CandidateMergeSerializer(merge).data, status=201)

    @extend_schema(
        request=None,
        responses={
            200: PossibleDuplicateSerializer,
            409: OpenApiResponse(DomainErrorSerializer, description="Open already."),
        },
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Take back HR's judgement: the flag is open again, the old one kept on record.
        A merged flag is refused (400, code `merged`): undo the merge instead."""
        flag = self.get_object()
        services.duplicate_reopen(duplicate=flag, actor=request.user)
        fresh = selectors.possible_duplicate_get_for_user(request.user, flag.pk)
        return Response(PossibleDuplicateSerializer(fresh).data)


class CandidateMergeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The merges of candidates, newest first; each can be undone exactly once."""

    serializer_class = CandidateMergeSerializer
    ordering = ["-at", "-id"]

    def get_queryset(self):
        return selectors.candidate_merge_list(self.request.user)

    def get_object(self) -> CandidateMerge:
        return selectors.candidate_merge_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=None,
        responses={
            200: CandidateMergeSerializer,
            409: OpenApiResponse(DomainErrorSerializer, description="Undone already."),
        },
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """Put back everything the merge changed, exactly. Refused with 400 when it could not
        be exact (code `later_merge`, `changed_since`, `not_merged` or `erased`)."""
        merge = services.candidate_merge_undo(actor=request.user, merge=self.get_object())
        return Response(CandidateMergeSerializer(merge).data)
