"""`insert_many` writes exactly what `bulk_create` writes (on PostgreSQL by its own INSERT of
one array a column, elsewhere by `bulk_create` itself), keys set in order."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models.functions import Now
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import StageEvent
from ats.bulk import fetch_with_arrays, insert_many
from messaging.models import OutboxMessage
from tests.factories import make_application

pytestmark = pytest.mark.django_db

FIELDS = [f.attname for f in OutboxMessage._meta.concrete_fields if not f.primary_key]


def messages(tag: str, application) -> list[OutboxMessage]:
    at = datetime(2026, 11, 30, 8, 15, 30, 250_000, tzinfo=UTC)
    return [
        OutboxMessage(
            kind="stage_entered",
            to=f"{tag}-{n}@example.org",
            language="zh-hans" if n % 2 else "en",
            subject=f"Ihre Bewerbung {n} — 您的申请",
            body="Line one\nLine 'two' with \"quotes\", a \\ and a tab\t.",
            attachments=[{"name": "a.pdf", "data": "JVBERi0=", "n": n}] if n == 1 else [],
            dedupe_key=f"{tag}:{n}" if n != 2 else None,
            send_after=at + timedelta(minutes=n) if n != 0 else None,
            application_id=application.pk if n != 3 else None,
            created_at=at,
        )
        for n in range(5)
    ]


def stored(rows: list[OutboxMessage]) -> list[tuple]:
    found = OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")
    # The tag differs between the two sets: compare the rest.
    return [
        tuple(v for k, v in row.items() if k not in ("to", "dedupe_key"))
        for row in found.values(*FIELDS)
    ]


def test_insert_many_writes_what_bulk_create_writes():
    application = make_application()
    ours = messages("ours", application)
    theirs = OutboxMessage.objects.bulk_create(messages("theirs", application))

    with CaptureQueriesContext(connection) as captured:
        written = insert_many(ours)

    assert len(captured.captured_queries) == 1
    assert written == ours
    assert [m.pk for m in ours] == sorted(m.pk for m in ours)  # in order, all set
    assert all(not m._state.adding for m in ours)
    assert stored(ours) == stored(theirs)
    # Each key names its own row.
    for message in ours:
        assert OutboxMessage.objects.get(pk=message.pk).to == message.to


def test_insert_many_of_nothing_writes_nothing():
    with CaptureQueriesContext(connection) as captured:
        assert insert_many([]) == []
    assert captured.captured_queries == []


def test_a_row_holding_an_expression_is_written_as_bulk_create_writes_it():
    application = make_application()
    events = [
        StageEvent(
            application=application,
            kind=StageEvent.Kind.MOVED,
            to_stage=application.stage,
            from_status="active",
            to_status="active",
            version=100 + n,
            at=Now() if n else datetime(2026, 1, 1, tzinfo=UTC),  # no array can carry Now()
        )
        for n in range(2)
    ]
    before = timezone.now()
    insert_many(events)
    plain, now = StageEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("version")
    assert plain.at == datetime(2026, 1, 1, tzinfo=UTC)
    assert now.at >= before - timedelta(seconds=1)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="arrays sent in binary are PostgreSQL's"
)


@postgres_only
def test_arrays_sent_in_binary_come_back_as_they_were_sent_and_the_statement_is_counted():
    at = datetime(2026, 11, 30, 8, 15, 30, 250_000, tzinfo=UTC)
    texts = ["plain", "", "它的 'quotes' \"and\" a \\ {braces}, commas\nnew line", None]
    numbers = [1, None, -(2**40), 0]
    times = [at, None, at + timedelta(days=400), at]
    nothing: list[None] = [None, None, None, None]  # no element tells its type
    sql = (
        "SELECT * FROM unnest(%b::text[], %b::bigint[], %b::timestamptz[], %b::bigint[], "
        "%b::boolean[])"
    )
    with CaptureQueriesContext(connection) as captured:
        rows = fetch_with_arrays(sql, [texts, numbers, times, nothing, [True, False, None, True]])

    assert rows == list(zip(texts, numbers, times, nothing, [True, False, None, True], strict=True))
    assert len(captured.captured_queries) == 1
    assert "unnest" in captured.captured_queries[0]["sql"]


@postgres_only
def test_arrays_sent_in_binary_keep_json_and_a_database_error_is_djangos():
    from django.db import DatabaseError, transaction

    [field] = [f for f in OutboxMessage._meta.concrete_fields if f.name == "attachments"]
    values = [[{"name": "a.pdf", "n": 1}], [], None]
    prepared = [field.get_db_prep_save(v, connection) for v in values]
    rows = fetch_with_arrays("SELECT * FROM unnest(%b::jsonb[])", [prepared])
    # Django reads JSON columns as text and parses them itself.
    assert [json.loads(v) if v is not None else None for (v,) in rows] == values
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_with_arrays("SELECT * FROM unnest(%b::integer[])", [["not a number"]])
