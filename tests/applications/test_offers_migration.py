"""The migration to offer terms: salaries written as text become an amount and a currency
where they read as one, else stay word for word in the notes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("applications", "0011_candidates_database")]
AFTER = [("applications", "0012_offer_terms_and_approval")]


def _apps(executor, targets):
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_salaries_are_carried_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = _apps(executor, BEFORE)
    job = old.get_model("applications", "JobOpening").objects.create(
        reference="MIG-1", title="Ecologist"
    )
    stage = old.get_model("applications", "JobStage").objects.create(
        job=job, position=0, name="Offer", kind="offer"
    )
    channel = old.get_model("applications", "Channel").objects.get(slug="careers")
    Candidate = old.get_model("applications", "Candidate")
    Application = old.get_model("applications", "Application")
    Offer = old.get_model("applications", "Offer")
    salaries = {"EUR 48,000.50": None, "negotiable": None, "360000": None}
    for n, text in enumerate(salaries):
        candidate = Candidate.objects.create(
            full_name=f"P{n}", email=f"p{n}@example.org", email_normalised=f"p{n}@example.org"
        )
        application = Application.objects.create(
            candidate=candidate, job=job, source=channel, stage=stage
        )
        salaries[text] = Offer.objects.create(
            application=application, salary=text, offered_on=dt.date(2019, 1, 1), notes="Old"
        ).pk

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = _apps(executor, AFTER).get_model("applications", "Offer")

    eur = new.objects.get(pk=salaries["EUR 48,000.50"])
    assert (eur.salary, eur.currency, eur.notes) == (Decimal("48000.50"), "EUR", "Old")
    plain = new.objects.get(pk=salaries["360000"])
    assert (plain.salary, plain.currency) == (Decimal("360000"), "CNY")
    words = new.objects.get(pk=salaries["negotiable"])
    assert words.salary is None and words.notes == "Old\nSalary: negotiable"
    assert words.status == "offered"  # offers made before approval existed stay made
    reasons = _apps(executor, AFTER).get_model("applications", "RejectionReason")
    assert reasons.objects.filter(code="offer-declined", is_active=True).exists()

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
