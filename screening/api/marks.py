"""API of the exam's sittings (attendance, totals, ranks, outcome) and marks."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ats.api import IdField, validated
from screening import selectors, services
from screening.models import Attendance, MarkerRole, SectionScore, Sitting


class ExamMarkSerializer(serializers.Serializer):
    section = IdField()
    marker = serializers.ChoiceField(choices=MarkerRole.choices)
    points = serializers.DecimalField(max_digits=6, decimal_places=2)


class ExamSittingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="sitting.pk")
    exam = serializers.IntegerField(source="sitting.exam_id")
    application = serializers.IntegerField(source="sitting.application_id")
    candidate = serializers.CharField(source="sitting.application.candidate.full_name")
    candidate_number = serializers.CharField(source="sitting.candidate_number")
    attendance = serializers.CharField(source="sitting.attendance")
    invited_at = serializers.DateTimeField(source="sitting.invited_at")
    total = serializers.DecimalField(
        source="result.total", max_digits=8, decimal_places=2, allow_null=True
    )
    rank = serializers.IntegerField(source="result.rank", allow_null=True)
    tied = serializers.BooleanField(source="result.tied")
    status = serializers.CharField(source="result.status")
    passed = serializers.BooleanField()
    refusal = serializers.SerializerMethodField()
    marks = serializers.SerializerMethodField()

    def get_refusal(self, row: selectors.SittingRow) -> str | None:
        return selectors.exam_refusal(row.sitting.exam, row)

    @extend_schema_field(ExamMarkSerializer(many=True))
    def get_marks(self, row: selectors.SittingRow) -> list[dict[str, Any]]:
        return [
            {"section": section, "marker": marker, "points": points}
            for (section, marker), points in sorted(row.marks.items())
        ]


class SittingAttendanceSerializer(serializers.Serializer):
    attendance = serializers.ChoiceField(choices=Attendance.choices)


class SittingViewSet(viewsets.GenericViewSet):
    """Candidates invited to an exam, with their totals, ranks and outcome. Filters: exam, job,
    attendance, passed, score_min, score_max (the total)."""

    serializer_class = ExamSittingSerializer
    filterset_class = selectors.SittingFilter

    def get_queryset(self) -> Any:
        return Sitting.objects.order_by("exam_id", "candidate_number")

    def _row(self, sitting_id: int) -> selectors.SittingRow:
        sitting = selectors.sitting_get_for_user(self.request.user, sitting_id)
        exam = selectors.exam_list().get(pk=sitting.exam_id)
        return next(r for r in selectors.exam_rows(exam) if r.sitting.pk == sitting.pk)

    def list(self, request: Request) -> Response:
        sitting_filter, rows = selectors.sitting_rows_filtered(
            self.get_queryset(), request.query_params
        )
        if not sitting_filter.is_valid():
            raise ValidationError(sitting_filter.errors)
        # The rows are a list (ranks need every sitting of an exam); pagination slices any list.
        page: list[selectors.SittingRow] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]
        return self.get_paginated_response(ExamSittingSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(ExamSittingSerializer(self._row(int(str(pk)))).data)

    @extend_schema(request=SittingAttendanceSerializer, responses=ExamSittingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        """Present, absent or excused (absent and excused candidates have no marks)."""
        data = validated(SittingAttendanceSerializer, request.data)
        sitting = selectors.sitting_get_for_user(request.user, int(str(pk)))
        services.sitting_attendance_set(
            sitting=sitting, actor=request.user, attendance=data["attendance"]
        )
        return Response(ExamSittingSerializer(self._row(sitting.pk)).data)


class ExamScoreSerializer(serializers.ModelSerializer):
    candidate_number = serializers.CharField(source="sitting.candidate_number", read_only=True)
    exam = serializers.IntegerField(source="sitting.exam_id", read_only=True)
    marked_by = serializers.SerializerMethodField()

    class Meta:
        model = SectionScore
        fields = [
            "id",
            "exam",
            "sitting",
            "candidate_number",
            "section",
            "marker",
            "points",
            "marked_by",
            "marked_at",
        ]
        read_only_fields = fields

    def get_marked_by(self, score: SectionScore) -> str | None:
        return score.marked_by.get_username() if score.marked_by else None


class ExamScoreInputSerializer(serializers.Serializer):
    sitting = IdField()
    section = IdField()
    marker = serializers.ChoiceField(choices=MarkerRole.choices, default=MarkerRole.FIRST)
    points = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text="null removes the mark"
    )


class ExamScoresBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    removed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    marked_present = serializers.ListField(child=serializers.CharField())


class ScoreViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Marks per section and marker. Writes go through `bulk` (all or nothing)."""

    serializer_class = ExamScoreSerializer
    queryset = SectionScore.objects.select_related("sitting", "marked_by").order_by(
        "sitting__exam_id", "sitting__candidate_number", "section__position", "marker"
    )
    filterset_fields = {
        "sitting__exam": ["exact"],
        "sitting": ["exact"],
        "section": ["exact"],
        "marker": ["exact"],
    }

    @extend_schema(
        request=ExamScoreInputSerializer(many=True), responses=ExamScoresBulkResultSerializer
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Create, change or remove (points null) marks of one exam in one go; every mark is
        checked first (candidate absent, above the section's maximum, …) and nothing is
        saved when one is wrong: 400 with the problems per candidate number."""
        serializer = ExamScoreInputSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)  # a list: `validated` takes one object
        exam, entries = services.score_entries_for(
            actor=request.user, items=serializer.validated_data
        )
        report = services.marks_save(exam=exam, actor=request.user, entries=entries)
        return Response(
            {
                "created": report.created,
                "changed": report.changed,
                "removed": report.removed,
                "unchanged": report.unchanged,
                "marked_present": report.marked_present,
            }
        )
