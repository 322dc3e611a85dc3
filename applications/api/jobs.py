"""API for job openings (details, stages, funnel, form questions, postings), pipeline
templates and the reference lists (channels, rejection reasons)."""

from typing import Any

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from applications import selectors, services
from applications.api.common import (
    ChannelSerializer,
    RejectionReasonSerializer,
    StageBriefSerializer,
    StageItemSerializer,
    flat_errors,
)
from applications.models import (
    Channel,
    JobOpening,
    JobQuestion,
    JobStage,
    PipelineTemplate,
    Posting,
    RejectionReason,
    StageKind,
)
from ats.api import validated
from ats.errors import InvalidInput


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = JobStage
        fields = ["id", "job", "position", "name", "kind"]


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
            *services.JOB_FIELDS,
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
            *services.JOB_FIELDS,
            "pipeline",
        ]


class StagesInputSerializer(serializers.Serializer):
    stages = StageItemSerializer(many=True)


class FunnelRowSerializer(serializers.Serializer):
    stage = StageBriefSerializer()
    reached = serializers.IntegerField()
    conversion = serializers.FloatField(allow_null=True)
    current = serializers.IntegerField()
    avg_days = serializers.FloatField(allow_null=True)


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
    label = serializers.CharField(allow_blank=True, trim_whitespace=False)  # type: ignore[assignment]  # a field named like an attribute of DRF's Field
    help_text = serializers.CharField(required=False, allow_blank=True, default="")  # type: ignore[assignment]  # a field named like an attribute of DRF's Field
    kind = serializers.ChoiceField(choices=JobQuestion.Kind.choices)
    choices = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=list,
        help_text="Single-choice questions only: at least two.",
    )
    required = serializers.BooleanField(required=False, default=True)  # type: ignore[assignment]  # a field named like an attribute of DRF's Field
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
    channel: serializers.SlugRelatedField[Channel] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
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
        if self.action == "funnel":
            return JobOpening.objects.all()  # the funnel needs none of the list's totals
        return selectors.job_list()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.setdefault("stage_counts", {})
        return context

    def _serialize(self, jobs: Any) -> Any:
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
                raise InvalidInput(flat_errors(serializer.errors))
            services.job_questions_replace(
                job=job, actor=request.user, questions=serializer.validated_data["questions"]
            )
        return Response(JobQuestionSerializer(selectors.job_questions(job), many=True).data)


class StageViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = JobStage.objects.all()
    serializer_class = StageSerializer
    filterset_fields = ["job", "kind"]
    ordering = ["job", "position"]


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
        template = services.pipeline_template_save(actor=request.user, **data)
        return Response(PipelineTemplateSerializer(template).data, status=201)

    def update(self, request, *args, **kwargs):
        data = validated(PipelineTemplateInputSerializer, request.data)
        template = services.pipeline_template_save(
            actor=request.user, template=self.get_object(), **data
        )
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
        template = services.pipeline_template_import(actor=request.user, data=request.data)
        return Response(PipelineTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


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
