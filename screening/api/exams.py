"""API of the written examination: the exam of a job with its sections, invitations, and the
import of marks from a CSV file."""

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from applications.models import JobOpening
from ats.api import validated
from screening import marks_csv, selectors, services
from screening.models import Exam, ExamSection


class ExamSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExamSection
        fields = ["id", "exam", "position", "name", "max_points"]
        read_only_fields = fields


class ExamSectionInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=120)
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)


class VenueDateTimeField(serializers.DateTimeField):
    """A time without an offset is the venue's local time (the exam's time zone)."""

    def enforce_timezone(self, value: Any) -> Any:
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


class ExamSerializer(serializers.ModelSerializer):
    sections = ExamSectionSerializer(many=True, read_only=True)
    total = serializers.SerializerMethodField()
    local_start = serializers.SerializerMethodField()

    class Meta:
        model = Exam
        fields = [
            "id",
            "job",
            "title",
            "starts_at",
            "time_zone",
            "local_start",
            "duration_minutes",
            "venue",
            "online_link",
            "instructions",
            "pass_mark",
            "top_n",
            "double_marking",
            "discrepancy_threshold",
            "sequence",
            "total",
            "sections",
        ]
        read_only_fields = fields

    def get_total(self, exam: Exam) -> str:
        return str(selectors.exam_total(selectors.exam_sections(exam)))

    def get_local_start(self, exam: Exam) -> str:
        return exam.starts_at.astimezone(ZoneInfo(exam.time_zone)).isoformat()


class ExamWriteSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all(), required=False)
    title = serializers.CharField(max_length=200)
    starts_at = VenueDateTimeField(
        help_text="ISO 8601; without an offset it is read in the exam's time zone."
    )
    time_zone = serializers.CharField(max_length=64, default="Asia/Shanghai")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    venue = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    online_link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    instructions = serializers.CharField(required=False, allow_blank=True, default="")
    pass_mark = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0)
    top_n = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    double_marking = serializers.BooleanField(required=False, default=False)
    discrepancy_threshold = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, required=False, default=Decimal(5)
    )
    sections = ExamSectionInputSerializer(many=True, required=False)


class ExamInviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    candidate_numbers = serializers.ListField(child=serializers.CharField())


class ScoresCsvUploadSerializer(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload: Any) -> Any:
        refusal = marks_csv.size_refusal(upload.size)
        if refusal is not None:
            raise serializers.ValidationError(refusal)
        return upload


class ScoresImportRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    candidate_number = serializers.CharField(allow_blank=True)
    messages = serializers.ListField(child=serializers.CharField())


class ScoresImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    file_errors = serializers.ListField(child=serializers.CharField())
    # A field named like Serializer.errors: the declarative syntax allows it, the stubs do not.
    errors = ScoresImportRowErrorSerializer(many=True)  # type: ignore[assignment]
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


def _import_report(report: services.ImportReport) -> dict[str, Any]:
    marks = report.marks or services.MarksReport()
    return {
        "ok": report.ok,
        "rows": report.rows,
        "file_errors": report.file_errors,
        "errors": [
            {"line": line, "candidate_number": number, "messages": messages}
            for line, number, messages in report.errors
        ],
        "created": marks.created,
        "changed": marks.changed,
        "removed": marks.removed,
        "unchanged": marks.unchanged,
    }


class ExamViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The written examination of a job (one per job) with its sections; invitations, and the
    import of marks from a CSV file."""

    serializer_class = ExamSerializer
    filterset_fields = ["job"]
    ordering = ["starts_at", "id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.exam_list()

    def _detail(self, exam: Exam, code: int = 200) -> Response:
        return Response(ExamSerializer(selectors.exam_list().get(pk=exam.pk)).data, status=code)

    @extend_schema(request=ExamWriteSerializer, responses={201: ExamSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ExamWriteSerializer, request.data)
        if data.get("job") is None:
            raise ValidationError({"job": [_("This field is required.")]})
        job = selectors.job_get_for_user(request.user, data.pop("job").pk)
        # POST creates; the job's one examination changes through PUT or PATCH.
        if selectors.exam_for_job(job) is not None:
            raise ValidationError({"job": [_("This job already has an examination; change it.")]})
        sections = [dict(s) for s in data.pop("sections", [])]
        exam = services.exam_save(job=job, actor=request.user, sections=sections, **data)
        return self._detail(exam, status.HTTP_201_CREATED)

    @extend_schema(request=ExamWriteSerializer, responses=ExamSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        exam = self.get_object()
        data = validated(ExamWriteSerializer, request.data, partial=kwargs.get("partial", False))
        data.pop("job", None)
        sections = data.pop("sections", None)
        exam = services.exam_save(
            job=exam.job,
            actor=request.user,
            sections=[dict(s) for s in sections] if sections is not None else None,
            **data,
        )
        return self._detail(exam)

    @extend_schema(request=None, responses=ExamInviteResultSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str | None = None) -> Response:
        """Invite every application in the exam stage not yet invited: a candidate number each,
        and an e-mail with the details and an .ics calendar file."""
        sittings = services.exam_invite(exam=self.get_object(), actor=request.user)
        return Response(
            {"invited": len(sittings), "candidate_numbers": [s.candidate_number for s in sittings]}
        )

    @extend_schema(
        request={"multipart/form-data": ScoresCsvUploadSerializer},
        responses={200: ScoresImportReportSerializer, 400: ScoresImportReportSerializer},
    )
    @action(detail=True, methods=["post"], url_path="import-scores")
    def import_scores(self, request: Request, pk: str | None = None) -> Response:
        """Marks from a CSV file (candidate_number, marker?, one column per section): every row
        is checked; when one is wrong nothing is imported and each bad row is reported."""
        upload = validated(ScoresCsvUploadSerializer, request.data)["file"]
        report = services.scores_import_csv(
            exam=self.get_object(), actor=request.user, data=upload.read()
        )
        return Response(
            ScoresImportReportSerializer(_import_report(report)).data,
            status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST,
        )


class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Exam sections (they change with the exam: PUT or PATCH the exam with `sections`)."""

    serializer_class = ExamSectionSerializer
    queryset = ExamSection.objects.order_by("exam_id", "position", "id")
    filterset_fields = ["exam"]
