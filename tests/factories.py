"""factory_boy factories for the test suite."""

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from applications import services
from applications.models import Candidate, Channel, JobOpening, RejectionReason
from ats.actors import SYSTEM


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
            self.save()


class CandidateFactory(factory.django.DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.net")
    phone = "+86 10 1234 5678"
    nationality = "DE"
    country_of_residence = "CN"


def channel(slug: str = "careers") -> Channel:
    return Channel.objects.get(slug=slug)


_job_numbers = itertools.count(1)


def make_job(*, reference: str | None = None, actor=SYSTEM, pipeline=None, **fields) -> JobOpening:
    """A job with the default pipeline's stages, created through the service."""
    number = next(_job_numbers)
    fields.setdefault("status", JobOpening.Status.OPEN)
    fields.setdefault("opens_on", dt.date(2018, 12, 1))
    return services.job_create(
        actor=actor,
        reference=reference or f"JOB-{number:04d}",
        title=fields.pop("title", "Programme officer"),
        pipeline=pipeline,
        **fields,
    )


def make_application(*, job: JobOpening | None = None, candidate=None, source="careers", **kw):
    return services.application_create(
        actor=SYSTEM,
        candidate=candidate or CandidateFactory.create(),
        job=job or make_job(),
        source=channel(source),
        submitted_at=kw.pop("submitted_at", None) or timezone.now(),
        **kw,
    )


def rejection_reason(code: str = "requirements-not-met") -> RejectionReason:
    return RejectionReason.objects.get(code=code)


def stages(job: JobOpening) -> list:
    return list(job.stages.order_by("position"))
