"""API for applications: lists and filters, workflow commands, the event log, CVs, offers."""

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from applications import blinding, selectors, services, workflow
from applications.api.common import CandidateBriefSerializer, StageBriefSerializer
from applications.models import (
    Application,
    Candidate,
    Channel,
    CVDocument,
    JobOpening,
    JobStage,
    Offer,
    OfferApproval,
    RejectionReason,
    StageEvent,
)
from ats.api import IdField, KeysetPagination, validated


class CVSummarySerializer(serializers.ModelSerializer):
    """What lists show of a CV: the file, how its reading went, and the filterable facts."""

    languages = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The HR page that serves the file.")

    class Meta:
        model = CVDocument
        fields = [
            "id",
            "parse_status",
            "parse_reason",
            "original_name",
            "size",
            "content_type",
            "highest_degree",
            "years_experience",
            "languages",
            "url",
        ]

    def get_languages(self, cv: CVDocument) -> list[str]:
        return [name for name in cv.languages.split(",") if name]

    def get_url(self, cv: CVDocument) -> str:
        url = reverse("hr-application-cv", args=[cv.application_id])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class CVFieldSerializer(serializers.Serializer):
    value = serializers.JSONField(allow_null=True)
    parsed_value = serializers.JSONField(allow_null=True)
    confidence = serializers.FloatField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like an attribute of DRF's Field
    corrected = serializers.BooleanField(help_text="Entered by HR; wins over the parser.")
    corrected_by = serializers.CharField(allow_null=True)
    corrected_at = serializers.DateTimeField(allow_null=True)
    derived_from = serializers.CharField(
        allow_null=True,
        help_text="Worked out from HR's corrected entries of this field (work, education).",
    )


class CVDetailSerializer(CVSummarySerializer):
    # Not `get_fields`: that name is DRF's own hook for building a serializer's fields.
    fields = serializers.SerializerMethodField(method_name="get_parsed_fields")  # type: ignore[assignment]

    class Meta(CVSummarySerializer.Meta):
        fields = [
            *CVSummarySerializer.Meta.fields,
            "sha256",
            "page_count",
            "parsed_at",
            "fields",
        ]

    @extend_schema_field(serializers.DictField(child=CVFieldSerializer()))
    def get_parsed_fields(self, cv: CVDocument) -> dict:
        return {
            name: CVFieldSerializer(field).data for name, field in selectors.cv_fields(cv).items()
        }


class CVCorrectionInputSerializer(serializers.Serializer):
    # The service decides which fields and values are acceptable; this only bounds the input.
    field = serializers.CharField(max_length=50)
    value = serializers.JSONField(
        allow_null=True,
        help_text="A text, a number, or for links, education, work and skills a list in the "
        "shape the parser gives (or their text form, one entry a line).",
    )

    def validate_value(self, value: Any) -> Any:
        if isinstance(value, list) or value is None:
            return value
        if isinstance(value, bool | dict):
            raise serializers.ValidationError(_("Give a text, a number or a list."))
        if len(str(value)) > 20_000:
            raise serializers.ValidationError(_("The value is too long."))
        # Numbers as typed, like the page's; blank means "no value" for every field.
        return str(value).strip() or None


class CVCorrectionClearSerializer(serializers.Serializer):
    field = serializers.CharField(max_length=50)


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = CandidateBriefSerializer(read_only=True)
    job_reference = serializers.CharField(source="job.reference", read_only=True)
    stage = StageBriefSerializer(read_only=True)
    source: serializers.SlugRelatedField[Channel] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True
    )
    rejection_reason: serializers.SlugRelatedField[RejectionReason] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    cv = CVSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "job",
            "job_reference",
            "source",
            "stage",
            "status",
            "rejection_reason",
            "submitted_at",
            "stage_entered_at",
            "answers",
            "version",
            "cv",
        ]

    def to_representation(self, application: Application) -> dict:
        data = super().to_representation(application)
        masked = blinding.masked(application)
        if masked is not None:
            # Blind screening: the reference instead of the applicant; the CV file has their name.
            data["candidate"] = {
                "id": None,
                "full_name": masked.label,
                "email": None,
                "nationality": None,
            }
            if data["cv"] is not None:
                data["cv"].update(original_name=None, url=None)
        return data


class ApplicationInputSerializer(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all())
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Channel.objects.all())  # type: ignore[assignment]  # a field named like an attribute of DRF's Field
    answers = serializers.DictField(required=False)


class MoveInputSerializer(serializers.Serializer):
    to_stage = serializers.PrimaryKeyRelatedField(queryset=JobStage.objects.all())
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    override = serializers.BooleanField(required=False, default=False)
    expected_version = serializers.IntegerField(required=False, min_value=1)


class RejectInputSerializer(serializers.Serializer):
    rejection_reason = serializers.SlugRelatedField(
        slug_field="code", queryset=RejectionReason.objects.all()
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    expected_version = serializers.IntegerField(required=False, min_value=1)


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    expected_version = serializers.IntegerField(required=False, min_value=1)


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    expected_version = serializers.IntegerField(required=False, min_value=1)


class BulkMoveInputSerializer(serializers.Serializer):
    applications = serializers.ListField(child=IdField(), min_length=1, max_length=500)
    to_stage = serializers.PrimaryKeyRelatedField(
        queryset=JobStage.objects.all(),
        required=False,
        allow_null=True,
        help_text="Target stage; each application's next stage when omitted.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    override = serializers.BooleanField(required=False, default=False)


class BulkOutcomeSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    code = serializers.CharField()
    stage = serializers.CharField()


class StageEventSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(source="from_stage.name", default=None, read_only=True)
    to_stage = serializers.CharField(source="to_stage.name", read_only=True)
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)
    rejection_reason: serializers.SlugRelatedField[RejectionReason] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = StageEvent
        fields = [
            "id",
            "application",
            "kind",
            "from_stage",
            "to_stage",
            "from_status",
            "to_status",
            "actor",
            "at",
            "reason",
            "rejection_reason",
            "is_override",
            "is_backward",
            "version",
        ]


class OfferApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferApproval
        fields = ["id", "round", "user", "decision", "comment", "at"]


class OfferSerializer(serializers.ModelSerializer):
    """An offer and its terms; `approvals` lists every decision, all rounds (the current round
    is `approval_round`). Input: the terms, to draft one (`application` required) or change a
    draft (PATCH)."""

    approvals = OfferApprovalSerializer(many=True, read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "application",
            "status",
            "position_title",
            "salary",
            "currency",
            "contract_type",
            "offered_on",
            "respond_by",
            "responded_on",
            "start_date",
            "notes",
            "approval_round",
            "approvals",
            "sent_at",
            "created_at",
        ]
        read_only_fields = ["status", "responded_on", "approval_round", "sent_at", "created_at"]


class OfferTermsSerializer(OfferSerializer):
    class Meta(OfferSerializer.Meta):
        fields = [f for f in OfferSerializer.Meta.fields if f in services.OFFER_TERMS]
        read_only_fields: list[str] = []


class OfferRespondSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    responded_on = serializers.DateField()
    start_date = serializers.DateField(required=False, allow_null=True)


class OfferApprovalInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OfferSendBackSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class OfferWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


@extend_schema_view(create=extend_schema(request=ApplicationInputSerializer))
class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ApplicationSerializer
    filterset_class = selectors.ApplicationFilter
    # A job's applications run to tens of thousands: pages by cursor (the index on job,
    # -submitted_at, -id serves the default order). Only orderings a cursor can hold: not the
    # candidate's name (a cursor is readable, and would carry a blind-screened applicant's).
    pagination_class = KeysetPagination
    ordering_fields = ["submitted_at", "stage_entered_at", "stage__position"]
    ordering = ["-submitted_at", "-id"]

    # Searches that would find a blind-screened applicant by who they are (their CV text has
    # their name): such a search leaves masked applications out rather than point at them.
    IDENTITY_SEARCHES = ("q", "nationality", "cv_text")

    def get_queryset(self):
        queryset = blinding.annotate_identity_masks(selectors.application_list(), self.request.user)
        if any(self.request.query_params.get(name, "").strip() for name in self.IDENTITY_SEARCHES):
            queryset = blinding.exclude_masked(queryset)
        return queryset

    def get_object(self) -> Application:
        return selectors.application_get_for_user(self.request.user, self.kwargs["pk"])

    def _ok(self, application: Application, code: int = 200) -> Response:
        fresh = blinding.annotate_identity_masks(
            selectors.application_list(), self.request.user
        ).get(pk=application.pk)
        return Response(ApplicationSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        data = validated(ApplicationInputSerializer, request.data)
        application = services.application_create(actor=request.user, **data)
        return self._ok(application, 201)

    @extend_schema(request=MoveInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move to another stage; 400 names what is missing, 409 when the version is stale."""
        application = self.get_object()
        data = validated(MoveInputSerializer, request.data)
        moved = workflow.move(application, actor=request.user, **data)
        return self._ok(moved)

    @extend_schema(request=RejectInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        application = self.get_object()
        data = validated(RejectInputSerializer, request.data)
        return self._ok(workflow.reject(application, actor=request.user, **data))

    @extend_schema(request=WithdrawInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        data = validated(WithdrawInputSerializer, request.data)
        return self._ok(workflow.withdraw(application, actor=request.user, **data))

    @extend_schema(request=ReopenInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        application = self.get_object()
        data = validated(ReopenInputSerializer, request.data)
        return self._ok(workflow.reopen(application, actor=request.user, **data))

    @extend_schema(request=BulkMoveInputSerializer, responses=BulkOutcomeSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-move")
    def bulk_move(self, request):
        """Move many applications; the answer says per application what was refused and why."""
        data = validated(BulkMoveInputSerializer, request.data)
        outcomes = workflow.move_many(
            data["applications"],
            actor=request.user,
            to_stage=data.get("to_stage"),
            reason=data["reason"],
            override=data["override"],
        )
        return Response(BulkOutcomeSerializer(outcomes, many=True).data)

    @extend_schema(responses=StageEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        application = self.get_object()
        timeline = selectors.application_timeline(application)
        return Response(StageEventSerializer(timeline, many=True).data)

    def _cv(self, application: Application) -> CVDocument:
        if blinding.masked(application) is not None:
            # The parsed CV is the applicant's name, e-mail and phone; the screening API
            # shows it masked.
            raise PermissionDenied(
                _("Blind screening: see this CV in the screening API until you decide.")
            )
        cv = selectors.application_cv(application)
        if cv is None:
            raise Http404(_("This application has no CV."))
        return cv

    def _cv_response(self, application: Application, code: int = 200) -> Response:
        # Read back from the database: an eager re-parse may already have changed the row.
        cv = self._cv(application)
        return Response(CVDetailSerializer(cv, context={"request": self.request}).data, code)

    @extend_schema(responses=CVDetailSerializer)
    @action(detail=True, methods=["get"])
    def cv(self, request, pk=None):
        """The parsed CV: each field with its confidence and source, HR corrections marked."""
        return self._cv_response(self.get_object())

    @extend_schema(request=CVCorrectionInputSerializer, responses=CVDetailSerializer)
    @action(detail=True, methods=["post"], url_path="cv/correct", url_name="cv-correct")
    def cv_correct(self, request, pk=None):
        """Correct one parsed field; a later re-parse keeps the correction."""
        application = self.get_object()
        data = validated(CVCorrectionInputSerializer, request.data)
        services.cv_correct(cv=self._cv(application), actor=request.user, **data)
        return self._cv_response(application)

    @extend_schema(request=CVCorrectionClearSerializer, responses=CVDetailSerializer)
    @action(detail=True, methods=["post"], url_path="cv/clear", url_name="cv-clear")
    def cv_clear(self, request, pk=None):
        """Withdraw the correction of one field: the parser's value counts again."""
        application = self.get_object()
        data = validated(CVCorrectionClearSerializer, request.data)
        services.cv_correction_clear(cv=self._cv(application), actor=request.user, **data)
        return self._cv_response(application)

    @extend_schema(request=None, responses={202: CVDetailSerializer})
    @action(detail=True, methods=["post"], url_path="cv/reparse", url_name="cv-reparse")
    def cv_reparse(self, request, pk=None):
        """Read the CV again in the background (corrections are kept)."""
        application = self.get_object()
        services.cv_reparse_request(cv=self._cv(application), actor=request.user)
        return self._cv_response(application, status.HTTP_202_ACCEPTED)


class StageEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StageEventSerializer
    pagination_class = KeysetPagination  # the event log only grows
    filterset_fields = ["application", "application__job", "kind", "is_override"]
    ordering_fields = ["at"]
    ordering = ["at", "id"]

    def get_queryset(self):
        return StageEvent.objects.select_related(
            "from_stage", "to_stage", "actor", "rejection_reason"
        )


class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OfferSerializer
    queryset = Offer.objects.all()
    filterset_fields = ["application", "status", "application__job"]
    ordering_fields = ["offered_on", "start_date"]

    def get_queryset(self):
        return Offer.objects.prefetch_related("approvals")

    def create(self, request, *args, **kwargs):
        data = validated(OfferSerializer, request.data)
        offer = services.offer_make(actor=request.user, **data)
        return Response(OfferSerializer(offer).data, status=201)

    @extend_schema(request=OfferTermsSerializer, responses=OfferSerializer)
    def partial_update(self, request, pk=None):
        """Change the terms of a draft; after an approval, the approvals start over."""
        data = validated(OfferTermsSerializer, request.data, partial=True)
        offer = services.offer_update(actor=request.user, offer=self.get_object(), **data)
        return Response(OfferSerializer(self._fresh(offer)).data)

    @extend_schema(request=OfferApprovalInputSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The next approver in order approves the draft."""
        data = validated(OfferApprovalInputSerializer, request.data)
        offer = services.offer_approve(actor=request.user, offer=self.get_object(), **data)
        return Response(OfferSerializer(self._fresh(offer)).data)

    @extend_schema(request=OfferSendBackSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"], url_path="reject-approval")
    def reject_approval(self, request, pk=None):
        """An approver sends the draft back with a comment; the approvals start over."""
        data = validated(OfferSendBackSerializer, request.data)
        offer = services.offer_approval_reject(actor=request.user, offer=self.get_object(), **data)
        return Response(OfferSerializer(self._fresh(offer)).data)

    @extend_schema(request=None, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Send an approved draft: the candidate is e-mailed the offer letter (PDF)."""
        offer = services.offer_send(actor=request.user, offer=self.get_object())
        return Response(OfferSerializer(self._fresh(offer)).data)

    def _fresh(self, offer: Offer) -> Offer:
        return Offer.objects.prefetch_related("approvals").get(pk=offer.pk)

    @extend_schema(request=OfferRespondSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Record the candidate's acceptance or refusal."""
        data = validated(OfferRespondSerializer, request.data)
        offer = services.offer_respond(actor=request.user, offer=self.get_object(), **data)
        return Response(OfferSerializer(offer).data)

    @extend_schema(request=OfferWithdrawSerializer, responses=OfferSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        data = validated(OfferWithdrawSerializer, request.data)
        offer = services.offer_withdraw(actor=request.user, offer=self.get_object(), **data)
        return Response(OfferSerializer(offer).data)
