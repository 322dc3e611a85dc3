"""Public JSON API for headless careers sites: open jobs, submit an application, read status."""

import uuid
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from applications import selectors, services
from applications.models import ApplicationStatus, JobOpening, JobQuestion, applicant_facing_status
from ats.api import PublicRateThrottle
from ats.ratelimit import allow, client_ip, client_key


class PublicQuestionSerializer(serializers.ModelSerializer):
    field = serializers.SerializerMethodField()

    class Meta:
        model = JobQuestion
        fields = ["field", "label", "help_text", "kind", "choices", "required"]

    def get_field(self, question) -> str:
        return f"q{question.pk}"


class PublicJobSerializer(serializers.ModelSerializer):
    questions = PublicQuestionSerializer(many=True, read_only=True)

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
            "opens_on",
            "closes_on",
            "questions",
        ]


class PublicApplicationInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    nationality = CountryField(required=False, allow_blank=True, default="")
    country_of_residence = CountryField(required=False, allow_blank=True, default="")
    cv = serializers.FileField()
    cover_letter = serializers.CharField(
        max_length=10000, required=False, allow_blank=True, default=""
    )
    consent = serializers.BooleanField()
    talent_pool = serializers.BooleanField(
        required=False, default=False, help_text="The separate opt-in to the talent pool."
    )
    submission_key = serializers.UUIDField(required=False)
    source = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")  # type: ignore[assignment]  # a field named like an attribute of DRF's Field


class PublicStatusSerializer(serializers.Serializer):
    reference = serializers.CharField(source="job.reference")
    job = serializers.CharField(source="job.title")
    submitted_at = serializers.DateTimeField()
    status = serializers.SerializerMethodField()
    can_withdraw = serializers.SerializerMethodField()

    def get_status(self, application) -> str:
        return applicant_facing_status(application.stage.kind, application.status)

    def get_can_withdraw(self, application) -> bool:
        return application.status == ApplicationStatus.ACTIVE


def submission_input(request) -> dict[str, Any]:
    """The posted form, through `PublicApplicationInput` (HTTP 400 with its field errors)."""
    serializer = PublicApplicationInput(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def submission_fields(data: dict[str, Any], request) -> dict[str, Any]:
    """What `services.application_check` takes of a posted form: its fields, and the answers
    to the job's questions (fields `q<id>`)."""
    answers = {k: v for k, v in request.data.items() if k.startswith("q") and k[1:].isdigit()}
    return {
        "full_name": data["full_name"],
        "email": data["email"],
        "phone": data["phone"],
        "nationality": data["nationality"],
        "country_of_residence": data["country_of_residence"],
        "cv_file": data["cv"],
        "cover_letter": data["cover_letter"],
        "consent": data["consent"],
        "answers": answers,
        "source": data["source"],
    }


def _public(view):
    """No login, and a rate per client address of its own (API_PUBLIC_RATE)."""
    view = throttle_classes([PublicRateThrottle])(view)
    return authentication_classes([])(permission_classes([AllowAny])(view))


@extend_schema(responses=PublicJobSerializer(many=True), tags=["public"])
@api_view(["GET"])
@_public
def job_list(request):
    """Open positions (a job leaves this list at its closing date by itself)."""
    filters = selectors.OpenJobFilter(request.GET, queryset=selectors.open_jobs())
    jobs = filters.qs.prefetch_related("questions")
    return Response(PublicJobSerializer(jobs, many=True).data)


@extend_schema(responses=PublicJobSerializer, tags=["public"])
@api_view(["GET"])
@_public
def job_detail(request, reference: str):
    return Response(PublicJobSerializer(selectors.open_job_get(reference)).data)


@extend_schema(
    request={"multipart/form-data": PublicApplicationInput},
    responses={
        201: inline_serializer(
            "PublicSubmitResult",
            {
                "status": serializers.CharField(help_text="Always “received”."),
                "detail": serializers.CharField(),
            },
        )
    },
    tags=["public"],
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
@_public
def apply(request, reference: str):
    """Submit an application (multipart, with the CV file and answers as fields `q<id>`).

    The answer is the same for a new application, the same form sent again (`submission_key`)
    and an address that has applied to the job before: the applicant's status link goes to
    their e-mail address only, so the answer tells nobody whether or where a person applied.
    """
    job = selectors.open_job_get(reference)
    if not allow("apply", client_key(request), limit=settings.APPLY_RATE_LIMIT_PER_HOUR):
        raise Throttled(detail=_("Too many applications from your network; try again later."))
    data = submission_input(request)
    services.application_submit(
        job=job,
        **submission_fields(data, request),
        talent_pool=data["talent_pool"],
        submission_key=data.get("submission_key") or uuid.uuid4(),
        ip_address=client_ip(request),
    )
    return Response(
        {
            "status": "received",
            "detail": _(
                "Thank you. We have e-mailed a private link to follow the application to the "
                "address given."
            ),
        },
        status=status.HTTP_201_CREATED,
    )


@extend_schema(responses=PublicStatusSerializer, tags=["public"])
@api_view(["GET"])
@_public
def application_status(request, token: str):
    return Response(PublicStatusSerializer(selectors.application_get_by_token(token)).data)


@extend_schema(
    request=inline_serializer("PublicWithdraw", {"reason": serializers.CharField(required=False)}),
    responses=PublicStatusSerializer,
    tags=["public"],
)
@api_view(["POST"])
@_public
def application_withdraw(request, token: str):
    application = selectors.application_get_by_token(token)
    reason = str(request.data.get("reason", ""))
    withdrawn = services.application_withdraw_by_applicant(application=application, reason=reason)
    return Response(PublicStatusSerializer(withdrawn).data)
