"""API for candidates (people across jobs) and the possible duplicates HR resolves."""

from typing import Any

import django_filters
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
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
    CANDIDATE_NOTE_MAX,
    TAG_NAME_MAX,
    Application,
    Candidate,
    CandidateMerge,
    CandidateNote,
    ErasureRecord,
    LegalHold,
    PersonalDataAccess,
    PossibleDuplicate,
    Tag,
)
from ats.api import validated
from ats.errors import InvalidInput


class CandidateSerializer(CountryFieldMixin, serializers.ModelSerializer):
    application_count = serializers.IntegerField(read_only=True)
    tags = serializers.SerializerMethodField(help_text="HR's tags on the person, by name.")

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
            "tags",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        # Uniqueness is the service's job (on the normalised e-mail), not the serializer's.
        extra_kwargs: dict[str, dict[str, Any]] = {"email": {"validators": []}}

    def get_tags(self, candidate: Candidate) -> list[str]:
        # From `candidate_directory`'s prefetch: no query per person.
        return [link.tag.name for link in candidate.candidate_tags.all()]

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
                tags=[],
            )
        return data


class CandidateAPIFilter(selectors.CandidateFilter):
    country_of_residence = django_filters.CharFilter(
        field_name="country_of_residence", lookup_expr="iexact", max_length=2
    )


class TagInputSerializer(serializers.Serializer):
    tag = serializers.CharField(max_length=TAG_NAME_MAX, help_text="The tag's name.")


class NoteInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=CANDIDATE_NOTE_MAX)


class CandidateNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, read_only=True)

    class Meta:
        model = CandidateNote
        fields = ["id", "body", "author", "created_at"]


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
    # The candidates database's search (`q`: name, e-mail, phone, skills, CV text) and filters.
    filterset_class = CandidateAPIFilter
    ordering_fields = ["full_name", "created_at"]

    def get_queryset(self):
        # A count of its own (a subquery): the directory's annotations must not be grouped.
        count = Subquery(
            Application.objects.filter(candidate=OuterRef("pk"))
            .values("candidate")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return selectors.candidate_directory(self.request.user, include_erased=True).annotate(
            application_count=Coalesce(count, 0)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "ordering" in self.request.query_params:
            return queryset
        return selectors.candidate_order(queryset, "full_name", "id")

    def _person(self, pk) -> Candidate:
        """A person of the candidates database whom this user may see (else 404)."""
        candidate = selectors.candidate_directory_get_for_user(self.request.user, int(pk))
        if blinding.masked(candidate) is not None:
            raise Http404
        return candidate

    @extend_schema(
        methods=["post"],
        request=TagInputSerializer,
        responses={201: CandidateSerializer, 400: OpenApiResponse(description="Bad tag name.")},
    )
    @action(detail=True, methods=["post"])
    def tags(self, request, pk=None):
        """Put a tag on the person (an existing tag, ignoring case, or a new one)."""
        candidate = self._person(pk)
        data = validated(TagInputSerializer, request.data)
        services.candidate_tag_add(candidate=candidate, actor=request.user, name=data["tag"])
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data, 201)

    @extend_schema(request=TagInputSerializer, responses={200: CandidateSerializer})
    @action(detail=True, methods=["post"], url_path="tags/remove")
    def untag(self, request, pk=None):
        """Take a tag off the person (by name, ignoring case); nothing happens if it is not on."""
        candidate = self._person(pk)
        data = validated(TagInputSerializer, request.data)
        tag = Tag.objects.filter(name__iexact=data["tag"].strip()).first()
        if tag is not None:
            services.candidate_tag_remove(candidate=candidate, actor=request.user, tag=tag)
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data)

    @extend_schema(
        methods=["get"], request=None, responses={200: CandidateNoteSerializer(many=True)}
    )
    @extend_schema(
        methods=["post"],
        request=NoteInputSerializer,
        responses={201: CandidateNoteSerializer, 400: OpenApiResponse(description="Empty note.")},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def notes(self, request, pk=None):
        """HR's notes on the person, newest first; POST adds one."""
        candidate = self._person(pk)
        if request.method == "POST":
            data = validated(NoteInputSerializer, request.data)
            note = services.candidate_note_add(
                candidate=candidate, actor=request.user, body=data["body"]
            )
            return Response(CandidateNoteSerializer(note).data, status=201)
        notes = selectors.candidate_notes(candidate)
        return Response(CandidateNoteSerializer(notes, many=True).data)

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
