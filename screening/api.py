"""REST API of screening and the exam: criteria, evaluations, decisions, exams, sections,
sittings and scores (HR only, like every endpoint). Blind jobs are masked here as on the pages."""

import re
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from applications.models import Application, DegreeLevel, JobOpening
from screening import selectors, services
from screening.models import (
    Attendance,
    Decision,
    Evaluation,
    Exam,
    ExamSection,
    MarkerRole,
    NationalityRule,
    Recommendation,
    ScreeningCriteria,
    ScreeningDecision,
    SectionScore,
    Sitting,
    applicant_reference,
)


def choice_field(choices: Any, *, description: str, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented as a string with a pattern, not an enum: several apps use the
    same property names (recommendation, outcome) for different sets, and enum components of
    one name would collide in the schema."""
    values = [str(value) for value, _label in choices]
    pattern = "^(" + "|".join(re.escape(v) for v in values) + ")$"

    @extend_schema_field({"type": "string", "pattern": pattern, "description": description})
    class PatternChoiceField(serializers.ChoiceField):
        pass

    return PatternChoiceField(choices=choices, help_text=description, **kwargs)


# --- the applicant, masked for blind screening ---------------------------------------------


class ScreenedApplicantSerializer(serializers.Serializer):
    """Who applied; name, e-mail, phone and nationality are null while blind screening hides
    them from the requesting reviewer."""

    application = serializers.IntegerField()
    reference = serializers.CharField()
    hidden = serializers.BooleanField()
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    nationality = serializers.CharField(allow_null=True)


def _visibility(application: Application, user: Any) -> tuple[bool, Any]:
    """(hidden?, masker or None) for this user, from the prefetched criteria and decisions."""
    criteria = selectors.criteria_from_job(application.job)
    summary = selectors.decision_summary(application.screening_decisions.all())
    hidden = selectors.identity_hidden(application, criteria, summary, user)
    mask = selectors.masker_for(application, getattr(application, "cv", None)) if hidden else None
    return hidden, mask


def _applicant(application: Application, hidden: bool) -> dict[str, Any]:
    criteria = selectors.criteria_from_job(application.job)
    candidate = application.candidate
    shown = selectors.nationality_shown(criteria, hidden)
    return {
        "application": application.pk,
        "reference": applicant_reference(application.pk),
        "hidden": hidden,
        "name": None if hidden else candidate.full_name,
        "email": None if hidden else candidate.email,
        "phone": None if hidden else candidate.phone,
        "nationality": str(candidate.nationality or "") if shown else None,
    }


# --- criteria ------------------------------------------------------------------------------


class ScreeningCriteriaSerializer(serializers.ModelSerializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())
    required_languages = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=40
    )
    desired_languages = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=40
    )
    required_skills = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=40
    )
    desired_skills = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=40
    )
    host_country = serializers.CharField(max_length=2, required=False)
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, max_length=300
    )
    nationality_rule = serializers.ChoiceField(choices=NationalityRule.choices, required=False)
    min_degree = choice_field(
        [("", "any"), *DegreeLevel.choices],
        description="Minimum degree: other, bachelor, master, phd, or empty for any.",
        required=False,
        allow_blank=True,
    )

    class Meta:
        model = ScreeningCriteria
        fields = [
            "job",
            "min_degree",
            "min_years_experience",
            "required_languages",
            "desired_languages",
            "required_skills",
            "desired_skills",
            "nationality_rule",
            "host_country",
            "countries",
            "deadline",
            "blind",
            "version",
            "updated_at",
        ]
        read_only_fields = ["version", "updated_at"]

    def to_representation(self, instance: ScreeningCriteria) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["host_country"] = str(instance.host_country or "")
        data["countries"] = [str(c) for c in instance.countries]
        return data


class CriteriaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A job's screening criteria, addressed by the job's id. Saving them evaluates the job's
    waiting applications again; POST and PUT both create or replace."""

    serializer_class = ScreeningCriteriaSerializer
    queryset = ScreeningCriteria.objects.select_related("job").order_by("job_id")
    lookup_field = "job"
    filterset_fields = ["blind", "nationality_rule"]

    def _save(self, job: JobOpening, data: dict[str, Any], code: int) -> Response:
        criteria = services.criteria_save(job=job, actor=self.request.user, **data)
        return Response(ScreeningCriteriaSerializer(criteria).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = ScreeningCriteriaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job = selectors.job_get_for_user(request.user, data.pop("job").pk)
        return self._save(job, data, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        criteria = self.get_object()
        serializer = ScreeningCriteriaSerializer(
            criteria, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("job", None)
        return self._save(criteria.job, data, status.HTTP_200_OK)


# --- evaluations ---------------------------------------------------------------------------


class CriterionResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    required = serializers.BooleanField()
    outcome = choice_field(
        [("met", "met"), ("not_met", "not met"), ("unknown", "unknown")],
        description="met, not_met, or unknown (the CV or the form does not say).",
    )
    found = serializers.JSONField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)
    source = serializers.CharField(allow_blank=True)


class EvaluationSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField()
    recommendation = choice_field(
        Recommendation.choices, description="pass, fail or review (needs review).", read_only=True
    )
    job = serializers.IntegerField(source="application.job_id", read_only=True)
    stage = serializers.CharField(source="application.stage.name", read_only=True)
    stale = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "application",
            "applicant",
            "job",
            "stage",
            "recommendation",
            "score",
            "criteria_version",
            "stale",
            "cv_read",
            "evaluated_at",
            "results",
        ]
        read_only_fields = fields

    def _seen(self, evaluation: Evaluation) -> tuple[bool, Any]:
        cache = self.context.setdefault("_seen", {})
        if evaluation.pk not in cache:
            cache[evaluation.pk] = _visibility(evaluation.application, self.context["request"].user)
        return cache[evaluation.pk]

    @extend_schema_field(ScreenedApplicantSerializer)
    def get_applicant(self, evaluation: Evaluation) -> dict[str, Any]:
        return _applicant(evaluation.application, self._seen(evaluation)[0])

    def get_stale(self, evaluation: Evaluation) -> bool:
        criteria = selectors.criteria_from_job(evaluation.application.job)
        return evaluation.criteria_version != selectors.criteria_version(criteria)

    @extend_schema_field(CriterionResultSerializer(many=True))
    def get_results(self, evaluation: Evaluation) -> list[dict[str, Any]]:
        mask = self._seen(evaluation)[1]
        rows = []
        for result in evaluation.results:
            evidence = str(result.get("evidence") or "")
            found = result.get("found")
            if mask is not None:
                evidence = mask(evidence)
                found = mask(found) if isinstance(found, str) else found
            rows.append(
                {
                    **result,
                    "label": selectors.criterion_label(result),
                    "evidence": evidence,
                    "found": found,
                }
            )
        return rows


class EvaluationRunSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    """The rules' reading of each application: per criterion met, not met or unknown, with the
    evidence, and the recommendation. Filters: job, recommendation, score range, decision."""

    serializer_class = EvaluationSerializer
    filterset_class = selectors.EvaluationFilter
    ordering_fields = ["score", "evaluated_at"]
    ordering = ["-evaluated_at", "-id"]

    def get_queryset(self):
        return selectors.evaluation_list()

    @extend_schema(request=None, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        """Run the rules on this application again, now."""
        evaluation = self.get_object()
        services.evaluation_run(application=evaluation.application)
        fresh = selectors.evaluation_list().get(pk=evaluation.pk)
        return Response(EvaluationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request=EvaluationRunSerializer,
        responses={
            202: inline_serializer("EvaluationRunQueued", {"queued": serializers.BooleanField()})
        },
    )
    @action(detail=False, methods=["post"], url_path="run")
    def run(self, request):
        """Run the rules again on every application of the job still waiting for screening
        (in Celery)."""
        serializer = EvaluationRunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = selectors.job_get_for_user(request.user, serializer.validated_data["job"].pk)
        services.evaluations_request_for_job(job=job, actor=request.user)
        return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)


# --- decisions -----------------------------------------------------------------------------


class ScreeningDecisionSerializer(serializers.ModelSerializer):
    applicant = serializers.SerializerMethodField()
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)

    class Meta:
        model = ScreeningDecision
        fields = [
            "id",
            "application",
            "applicant",
            "reviewer",
            "decision",
            "note",
            "at",
            "from_recommendation",
        ]
        read_only_fields = fields

    @extend_schema_field(ScreenedApplicantSerializer)
    def get_applicant(self, decision: ScreeningDecision) -> dict[str, Any]:
        hidden, _mask = _visibility(decision.application, self.context["request"].user)
        return _applicant(decision.application, hidden)


class ScreeningDecisionCreateSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    decision = serializers.ChoiceField(choices=Decision.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=services.NOTE_MAX
    )


class PassRecommendedSerializer(serializers.Serializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())


class BulkDecisionOutcomeSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    reference = serializers.CharField()
    recorded = serializers.BooleanField()
    message = serializers.CharField()


class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviewers' decisions (append-only): pass, fail or hold with a note. The screening gate
    opens when some reviewer's latest decision is pass and none is fail or hold."""

    serializer_class = ScreeningDecisionSerializer
    filterset_class = selectors.DecisionFilter
    ordering = ["-at", "-id"]

    def get_queryset(self):
        return selectors.decision_list()

    @extend_schema(
        request=ScreeningDecisionCreateSerializer, responses={201: ScreeningDecisionSerializer}
    )
    def create(self, request, *args, **kwargs):
        serializer = ScreeningDecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        from applications.selectors import application_get_for_user

        application = application_get_for_user(request.user, data["application"].pk)
        decision = services.decision_record(
            application=application,
            actor=request.user,
            decision=data["decision"],
            note=data["note"],
        )
        fresh = selectors.decision_list().get(pk=decision.pk)
        return Response(
            ScreeningDecisionSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=PassRecommendedSerializer, responses=BulkDecisionOutcomeSerializer(many=True)
    )
    @action(detail=False, methods=["post"], url_path="pass-recommended")
    def pass_recommended(self, request):
        """Record a pass for every application in screening the rules recommend; one decision
        each, and a line per application saying what was recorded or why not."""
        serializer = PassRecommendedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = selectors.job_get_for_user(request.user, serializer.validated_data["job"].pk)
        outcomes = services.decisions_pass_recommended(job=job, actor=request.user)
        return Response(BulkDecisionOutcomeSerializer(outcomes, many=True).data)


# --- exams and sections --------------------------------------------------------------------


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

    def enforce_timezone(self, value):
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
        max_digits=5, decimal_places=2, min_value=0, required=False, default=5
    )
    sections = ExamSectionInputSerializer(many=True, required=False)


class ExamInviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    candidate_numbers = serializers.ListField(child=serializers.CharField())


class ScoresCsvUploadSerializer(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload: Any) -> Any:
        if upload.size > services.CSV_MAX_BYTES:
            raise serializers.ValidationError(_("The file is larger than 2 MB."))
        return upload


class ScoresImportRowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    candidate_number = serializers.CharField(allow_blank=True)
    messages = serializers.ListField(child=serializers.CharField())


class ScoresImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    file_errors = serializers.ListField(child=serializers.CharField())
    errors = ScoresImportRowErrorSerializer(many=True)
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

    def get_queryset(self):
        return selectors.exam_list()

    def _detail(self, exam: Exam, code: int = 200) -> Response:
        return Response(ExamSerializer(selectors.exam_list().get(pk=exam.pk)).data, status=code)

    @extend_schema(request=ExamWriteSerializer, responses={201: ExamSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ExamWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("job") is None:
            raise ValidationError({"job": [_("This field is required.")]})
        job = selectors.job_get_for_user(request.user, data.pop("job").pk)
        if selectors.exam_for_job(job) is not None:
            raise ValidationError({"job": [_("This job already has an examination; change it.")]})
        sections = [dict(s) for s in data.pop("sections", [])]
        exam = services.exam_save(job=job, actor=request.user, sections=sections, **data)
        return self._detail(exam, status.HTTP_201_CREATED)

    @extend_schema(request=ExamWriteSerializer, responses=ExamSerializer)
    def update(self, request, *args, **kwargs):
        exam = self.get_object()
        serializer = ExamWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
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
    def invite(self, request, pk=None):
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
    def import_scores(self, request, pk=None):
        """Marks from a CSV file (candidate_number, marker?, one column per section): every row
        is checked; when one is wrong nothing is imported and each bad row is reported."""
        serializer = ScoresCsvUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.scores_import_csv(
            exam=self.get_object(),
            actor=request.user,
            data=serializer.validated_data["file"].read(),
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


# --- sittings and scores -------------------------------------------------------------------


class ExamMarkSerializer(serializers.Serializer):
    section = serializers.IntegerField()
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

    def get_queryset(self):
        return Sitting.objects.order_by("exam_id", "candidate_number")

    def _row(self, sitting_id: int) -> selectors.SittingRow:
        sitting = selectors.sitting_get_for_user(self.request.user, sitting_id)
        exam = selectors.exam_list().get(pk=sitting.exam_id)
        return next(r for r in selectors.exam_rows(exam) if r.sitting.pk == sitting.pk)

    def list(self, request):
        sitting_filter, rows = selectors.sitting_rows_filtered(
            self.get_queryset(), request.query_params
        )
        if not sitting_filter.is_valid():
            raise ValidationError(sitting_filter.errors)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ExamSittingSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ExamSittingSerializer(self._row(int(pk))).data)

    @extend_schema(request=SittingAttendanceSerializer, responses=ExamSittingSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Present, absent or excused (absent and excused candidates have no marks)."""
        serializer = SittingAttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sitting = selectors.sitting_get_for_user(request.user, int(pk))
        services.sitting_attendance_set(
            sitting=sitting, actor=request.user, attendance=serializer.validated_data["attendance"]
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
    sitting = serializers.IntegerField()
    section = serializers.IntegerField()
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
    def bulk(self, request):
        """Create, change or remove (points null) marks of one exam in one go; every mark is
        checked first (candidate absent, above the section's maximum, …) and nothing is
        saved when one is wrong: 400 with the problems per candidate number."""
        serializer = ExamScoreInputSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
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
