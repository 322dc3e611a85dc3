"""SQL expressions the reports need on SQLite and PostgreSQL alike: seconds between two times
and the median as an aggregate."""

import statistics
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, Expression, F, FloatField, Func
from django.db.models.sql.compiler import SQLCompiler

_SqlParams = tuple[str, Any]


class Seconds(Func):
    """`later - earlier` in seconds, as a float (negative when `later` is earlier)."""

    arity = 2
    output_field = FloatField()

    def __init__(self, later: Expression | F | str, earlier: Expression | F | str) -> None:
        super().__init__(later, earlier)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        template = "((julianday(%(expressions)s)) * 86400.0)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=") - julianday(")

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"
        return self.as_sql(compiler, connection, template=template, arg_joiner=" - ")


class _SQLiteMedian:
    """The MEDIAN aggregate SQLite lacks, registered on each connection (as Django registers
    its own STDDEV and VARIANCE there): the values stay in the database's process."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(raw_connection: Any) -> None:
    raw_connection.create_aggregate("REPORTS_MEDIAN", 1, _SQLiteMedian)


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        register_sqlite_functions(connection.connection)


class Median(Aggregate):
    """The median of a number (PostgreSQL's PERCENTILE_CONT(0.5); SQLite's registered one)."""

    function = "REPORTS_MEDIAN"
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        # A connection opened before this app was ready (a shell, a test's first query).
        connection.ensure_connection()
        register_sqlite_functions(connection.connection)
        return self.as_sql(compiler, connection, **extra)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> _SqlParams:
        template = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return self.as_sql(compiler, connection, template=template, **extra)
