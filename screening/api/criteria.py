"""API of a job's screening criteria (addressed by the job's id)."""

from typing import Any

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from applications.models import DegreeLevel, JobOpening
from ats.api import validated
from screening import selectors, services
from screening.api.common import choice_field
from screening.models import NationalityRule, ScreeningCriteria


class ScreeningCriteriaSerializer(serializers.ModelSerializer):
    job = serializers.PrimaryKeyRelatedField(queryset=JobOpening.objects.all())
    required_languages = serializers.ListField(
        child=serializers.CharField(max_length=services.LIST_ITEM_MAX),
        required=False,
        max_length=services.LIST_MAX,
    )
    desired_languages = serializers.ListField(
        child=serializers.CharField(max_length=services.LIST_ITEM_MAX),
        required=False,
        max_length=services.LIST_MAX,
    )
    required_skills = serializers.ListField(
        child=serializers.CharField(max_length=services.LIST_ITEM_MAX),
        required=False,
        max_length=services.LIST_MAX,
    )
    desired_skills = serializers.ListField(
        child=serializers.CharField(max_length=services.LIST_ITEM_MAX),
        required=False,
        max_length=services.LIST_MAX,
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

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ScreeningCriteriaSerializer, request.data)
        job = selectors.job_get_for_user(request.user, data.pop("job").pk)
        return self._save(job, data, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        criteria = self.get_object()
        data = validated(
            ScreeningCriteriaSerializer,
            request.data,
            instance=criteria,
            partial=kwargs.get("partial", False),
        )
        data.pop("job", None)
        return self._save(criteria.job, data, status.HTTP_200_OK)
