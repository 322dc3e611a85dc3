"""REST API: jobs (stages, questions), postings, candidates, applications, workflow, offers."""

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from applications import blinding, selectors, services, workflow
from applications.models import (
    Application,
    Candidate,
    Channel,
    CVDocument,
    JobOpening,
    JobQuestion,
    JobStage,
    Offer,
    PipelineTemplate,
    PossibleDuplicate,
    Posting,
    RejectionReason,
    StageEvent,
    StageKind,
)
from ats.api import validated
from ats.errors import InvalidInput

# --- serializers -------------------------------------------------------------------------


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "slug", "name", "kind"]


class RejectionReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RejectionReason
        fields = ["id", "code", "label", "is_active"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobStage
        fields = ["id", "job", "position", "name", "kind"]


class StageBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobStage
        fields = ["id", "position", "name", "kind"]


class JobSerializer(serializers.ModelSerializer):
    stages = StageBriefSerializer(many=True, read_only=True)
    application_count = serializers.IntegerField(read_only=True)
    active_count = serializers.IntegerField(read_only=True)
    hired_count = serializers.IntegerField(read_only=True)
    stage_counts = serializers.SerializerMethodField()

    class Meta:
        model = JobOpening
        fields = [
            "id",
            "reference",
            "title",
            "department",
            "location",
            "employment_type",
            "description",
            "requirements",
            "headcount",
            "status",
            "opens_on",
            "closes_on",
            "is_foreign_expert_call",
            "stages",
            "application_count",
            "active_count",
            "hired_count",
            "stage_counts",
            "created_at",
            "updated_at",
        ]

    def get_stage_counts(self, job) -> dict[str, int]:
        counts = self.context.get("stage_counts", {}).get(job.pk, {})
        return {str(stage.pk): counts.get(stage.pk, 0) for stage in job.stages.all()}


class JobInputSerializer(serializers.ModelSerializer):
    pipeline = serializers.PrimaryKeyRelatedField(
        queryset=PipelineTemplate.objects.all(),
        required=False,
        help_text="Pipeline template to copy stages from; the default one when omitted.",
    )

    class Meta:
        model = JobOpening
        fields = [
            "reference",
            "title",
            "department",
            "location",
            "employment_type",
            "description",
            "requirements",
            "headcount",
            "status",
            "opens_on",
            "closes_on",
            "is_foreign_expert_call",
            "pipeline",
        ]


class StageItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StageKind.choices)


class StagesInputSerializer(serializers.Serializer):
    stages = StageItemSerializer(many=True)


class FunnelRowSerializer(serializers.Serializer):
    stage = StageBriefSerializer()
    reached = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True)
    current = serializers.IntegerField()
    avg_days = serializers.FloatField(allow_null=True)


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
        extra_kwargs = {"email": {"validators": []}}

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


class CandidateBriefSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "full_name", "email", "nationality"]


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
    source = serializers.CharField()
    corrected = serializers.BooleanField(help_text="Entered by HR; wins over the parser.")
    corrected_by = serializers.CharField(allow_null=True)
    corrected_at = serializers.DateTimeField(allow_null=True)


class CVDetailSerializer(CVSummarySerializer):
    # Not `get_fields`: that name is DRF's own hook for building a serializer's fields.
    fields = serializers.SerializerMethodField(method_name="get_parsed_fields")

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
    value = serializers.CharField(max_length=500, allow_blank=True, allow_null=True)

    def validate_value(self, value: str | None) -> str | None:
        # Blank means "no value": the same as null for every correctable field.
        return (value or "").strip() or None


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = CandidateBriefSerializer(read_only=True)
    job_reference = serializers.CharField(source="job.reference", read_only=True)
    stage = StageBriefSerializer(read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)
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
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Channel.objects.all())
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
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
    )
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
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True)

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


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = [
            "id",
            "application",
            "status",
            "position_title",
            "salary",
            "offered_on",
            "respond_by",
            "responded_on",
            "start_date",
            "notes",
            "created_at",
        ]
        read_only_fields = ["status", "responded_on", "created_at"]


class OfferRespondSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    responded_on = serializers.DateField()
    start_date = serializers.DateField(required=False, allow_null=True)


class OfferWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PipelineStageSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StageKind.choices)


class PipelineTemplateSerializer(serializers.ModelSerializer):
    stages = serializers.SerializerMethodField()

    class Meta:
        model = PipelineTemplate
        fields = ["id", "name", "description", "is_default", "stages"]

    @extend_schema_field(PipelineStageSerializer(many=True))
    def get_stages(self, template) -> list[dict]:
        return [{"name": s.name, "kind": s.kind} for s in template.stages.all()]


class PipelineExportSerializer(serializers.Serializer):
    """The file that `export` writes and `import` reads (for the schema: the service checks it)."""

    format = serializers.CharField(help_text=f"Always “{services.PIPELINE_EXPORT_FORMAT}”.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    stages = PipelineStageSerializer(many=True)


class PipelineTemplateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    is_default = serializers.BooleanField(required=False, default=False)
    stages = StageItemSerializer(many=True)


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


class DomainErrorSerializer(serializers.Serializer):
    """What a refused command answers (see ats/api.py's exception handler)."""

    detail = serializers.CharField(help_text="The refusal in plain words.")
    code = serializers.CharField(help_text="A stable code for clients.")


class DuplicateResolveInputSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(
        choices=PossibleDuplicate.DECISIONS,
        error_messages={
            "invalid_choice": gettext_lazy("Choose “same person” or “different people”.")
        },
        help_text="HR's judgement. Nothing is merged: “same_person” is recorded, not acted on.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class JobQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobQuestion
        fields = [
            "id",
            "position",
            "label",
            "help_text",
            "kind",
            "choices",
            "required",
            "is_knockout",
            "knockout_answer",
        ]


class QuestionItemSerializer(serializers.Serializer):
    # Types only: `job_questions_replace` checks the row as a whole, with plain-words messages.
    id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An existing question's id; absent for a new one.",
    )
    label = serializers.CharField(allow_blank=True, trim_whitespace=False)
    help_text = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=JobQuestion.Kind.choices)
    choices = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=list,
        help_text="Single-choice questions only: at least two.",
    )
    required = serializers.BooleanField(required=False, default=True)
    is_knockout = serializers.BooleanField(required=False, default=False)
    knockout_answer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Knock-outs only: yes/no, one of the choices, or the minimum number.",
    )


class QuestionsInputSerializer(serializers.Serializer):
    questions = QuestionItemSerializer(many=True, help_text="The whole set, in order.")


class PostingSerializer(serializers.ModelSerializer):
    job_reference = serializers.CharField(source="job.reference", read_only=True)
    channel = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    channel_name = serializers.CharField(source="channel.name", read_only=True)
    apply_url = serializers.SerializerMethodField(
        help_text="The job's careers page with `?source=<channel code>`: put it in the advert."
    )

    class Meta:
        model = Posting
        fields = [
            "id",
            "job",
            "job_reference",
            "channel",
            "channel_name",
            "posted_on",
            "url",
            "notes",
            "apply_url",
        ]

    def get_apply_url(self, posting: Posting) -> str:
        return selectors.posting_apply_url(posting)


class PostingInputSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())
    channel = serializers.SlugRelatedField(slug_field="slug", queryset=Channel.objects.all())
    posted_on = serializers.DateField()
    url = serializers.URLField(required=False, allow_blank=True, max_length=200, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


# --- viewsets ----------------------------------------------------------------------------


def _flat_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as `{"questions.1.kind": [...]}`, the keys services use for rows."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = prefix if key == "non_field_errors" and prefix else f"{prefix}{key}"
            for sub, messages in _flat_errors(value, f"{name}.").items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            for sub, messages in _flat_errors(item, f"{prefix}{index}.").items():
                flat.setdefault(sub, []).extend(messages)
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix.rstrip("."): [str(m) for m in messages]} if messages else {}


class ChannelViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Channel.objects.all()
    serializer_class = ChannelSerializer
    pagination_class = None


class RejectionReasonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = RejectionReason.objects.all()
    serializer_class = RejectionReasonSerializer
    pagination_class = None


@extend_schema_view(
    create=extend_schema(request=JobInputSerializer, responses={201: JobSerializer}),
    update=extend_schema(request=JobInputSerializer, responses=JobSerializer),
    partial_update=extend_schema(request=JobInputSerializer, responses=JobSerializer),
)
class JobViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = JobSerializer
    filterset_fields = ["status", "department", "is_foreign_expert_call", "employment_type"]
    ordering_fields = ["reference", "title", "opens_on", "closes_on", "application_count"]

    def get_queryset(self):
        return selectors.job_list()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.setdefault("stage_counts", {})
        return context

    def _serialize(self, jobs) -> list[dict]:
        jobs = list(jobs)
        context = self.get_serializer_context()
        context["stage_counts"] = selectors.job_stage_counts([j.pk for j in jobs])
        return JobSerializer(jobs, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self._serialize(page))
        return Response(self._serialize(queryset))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._serialize([self.get_object()])[0])

    def create(self, request, *args, **kwargs):
        data = validated(JobInputSerializer, request.data)
        job = services.job_create(actor=request.user, **data)
        return Response(self._serialize([selectors.job_get(job.pk)])[0], status=201)

    def update(self, request, *args, **kwargs):
        job = self.get_object()
        partial = kwargs.get("partial", False)
        data = validated(JobInputSerializer, request.data, instance=job, partial=partial)
        data.pop("pipeline", None)
        services.job_update(job=job, actor=request.user, **data)
        return Response(self._serialize([selectors.job_get(job.pk)])[0])

    @extend_schema(request=StagesInputSerializer, responses=StageBriefSerializer(many=True))
    @action(detail=True, methods=["put"])
    def stages(self, request, pk=None):
        """Replace the job's pipeline (rename, reorder, add, remove unused stages)."""
        job = self.get_object()
        data = validated(StagesInputSerializer, request.data)
        services.job_stages_replace(job=job, actor=request.user, stages=data["stages"])
        return Response(StageBriefSerializer(job.stages.order_by("position"), many=True).data)

    @extend_schema(responses=FunnelRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def funnel(self, request, pk=None):
        """How many applications reached each stage, conversion and mean days in stage."""
        job = self.get_object()
        return Response(FunnelRowSerializer(selectors.job_funnel(job), many=True).data)

    @extend_schema(methods=["GET"], responses=JobQuestionSerializer(many=True))
    @extend_schema(
        methods=["PUT"],
        request=QuestionsInputSerializer,
        responses={
            200: JobQuestionSerializer(many=True),
            400: OpenApiResponse(
                description='`{"questions.<index>.<field>": [messages]}`; nothing changed.'
            ),
        },
    )
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def questions(self, request, pk=None):
        """The application form's own questions; PUT replaces the whole set, in order (give an
        existing question's `id` to keep it and the answers given to it)."""
        job = self.get_object()
        if request.method == "PUT":
            serializer = QuestionsInputSerializer(data=request.data)
            if not serializer.is_valid():
                raise InvalidInput(_flat_errors(serializer.errors))
            services.job_questions_replace(
                job=job, actor=request.user, questions=serializer.validated_data["questions"]
            )
        return Response(JobQuestionSerializer(selectors.job_questions(job), many=True).data)


class StageViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = JobStage.objects.all()
    serializer_class = StageSerializer
    filterset_fields = ["job", "kind"]
    ordering = ["job", "position"]


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
        if Candidate.objects.filter(email_normalised=data["email"].strip().lower()).exists():
            return Response({"email": ["A candidate with this e-mail address exists."]}, status=400)
        candidate = services.candidate_find_or_create(**data)
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data, 201)

    def update(self, request, *args, **kwargs):
        candidate = self.get_object()
        data = validated(
            CandidateSerializer, request.data, instance=candidate, partial=kwargs.get("partial")
        )
        services.candidate_update(candidate=candidate, actor=request.user, **data)
        return Response(CandidateSerializer(self.get_queryset().get(pk=candidate.pk)).data)


@extend_schema_view(create=extend_schema(request=ApplicationInputSerializer))
class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ApplicationSerializer
    filterset_class = selectors.ApplicationFilter
    ordering_fields = [
        "submitted_at",
        "stage_entered_at",
        "candidate__full_name",
        "stage__position",
    ]
    ordering = ["-submitted_at"]

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

    @extend_schema(request=None, responses={202: CVDetailSerializer})
    @action(detail=True, methods=["post"], url_path="cv/reparse", url_name="cv-reparse")
    def cv_reparse(self, request, pk=None):
        """Read the CV again in the background (corrections are kept)."""
        application = self.get_object()
        services.cv_reparse_request(cv=self._cv(application), actor=request.user)
        return self._cv_response(application, status.HTTP_202_ACCEPTED)


class StageEventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StageEventSerializer
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

    def create(self, request, *args, **kwargs):
        data = validated(OfferSerializer, request.data)
        offer = services.offer_make(actor=request.user, **data)
        return Response(OfferSerializer(offer).data, status=201)

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


@extend_schema_view(
    create=extend_schema(request=PipelineTemplateInputSerializer),
    update=extend_schema(request=PipelineTemplateInputSerializer),
)
class PipelineTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = PipelineTemplateSerializer
    queryset = PipelineTemplate.objects.prefetch_related("stages")
    pagination_class = None
    http_method_names = ["get", "post", "put", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = validated(PipelineTemplateInputSerializer, request.data)
        template = services.pipeline_template_save(**data)
        return Response(PipelineTemplateSerializer(template).data, status=201)

    def update(self, request, *args, **kwargs):
        data = validated(PipelineTemplateInputSerializer, request.data)
        template = services.pipeline_template_save(template=self.get_object(), **data)
        return Response(PipelineTemplateSerializer(template).data)

    @extend_schema(responses=PipelineExportSerializer)
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        data = services.pipeline_template_export(template=self.get_object())
        response = Response(data)
        response["Content-Disposition"] = f'attachment; filename="pipeline-{pk}.json"'
        return response

    @extend_schema(
        request={"application/json": PipelineExportSerializer},
        responses={201: PipelineTemplateSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_(self, request):
        """Import a template exported by `export` (a template of the same name is replaced)."""
        template = services.pipeline_template_import(data=request.data)
        return Response(PipelineTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


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


@extend_schema_view(
    create=extend_schema(request=PostingInputSerializer, responses={201: PostingSerializer}),
)
class PostingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Where and when jobs were advertised; each posting's `apply_url` is the tracked link."""

    serializer_class = PostingSerializer
    filterset_class = selectors.PostingFilter
    ordering_fields = ["posted_on"]

    def get_queryset(self):
        return selectors.posting_list()

    def create(self, request, *args, **kwargs):
        data = validated(PostingInputSerializer, request.data)
        posting = services.posting_add(actor=request.user, **data)
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.posting_remove(posting=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
