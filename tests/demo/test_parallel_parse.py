"""The demo loader's CV parse (applications/demo/cvs.py): a pool of processes and a cache of
outcomes record on each CV exactly what the parse task records."""

import random

import pytest

from applications import services
from applications.demo import attach_cvs, parse_cvs
from applications.demo.cvs import ParseCache
from applications.models import CVDocument
from tests.factories import CandidateFactory, make_application

pytestmark = pytest.mark.django_db

RECORDED = (
    "pk",
    "parse_status",
    "parse_reason",
    "parsed",
    "text",
    "page_count",
    "highest_degree",
    "degree_rank",
    "years_experience",
    "languages",
)


def recorded(cv_ids: list[int]) -> list[tuple]:
    return list(CVDocument.objects.filter(pk__in=cv_ids).order_by("pk").values_list(*RECORDED))


def forget_parses(cv_ids: list[int]) -> None:
    CVDocument.objects.filter(pk__in=cv_ids).update(
        parse_status=CVDocument.ParseStatus.PENDING,
        parsed={},
        text="",
        page_count=None,
        highest_degree="",
        degree_rank=None,
        years_experience=None,
        languages="",
    )


@pytest.fixture
def demo_cvs(settings, tmp_path) -> list[int]:
    settings.MEDIA_ROOT = tmp_path / "media"
    applications = [
        make_application(candidate=CandidateFactory(country_of_residence=country))
        for country in ("CN", "DE", "US", "BR")
    ]
    return attach_cvs(applications, random.Random(5))


def test_pool_and_cache_record_what_the_task_records(demo_cvs, tmp_path):
    for cv_id in demo_cvs:  # the parse task's way: one limited child process per CV
        services.cv_parse(cv_id=cv_id)
    by_task = recorded(demo_cvs)
    not_parsed = [row[:3] for row in by_task if row[1] != CVDocument.ParseStatus.PARSED]
    assert not_parsed == []  # (pk, status, reason) of any that was not
    assert all(row[3]["name"]["value"] for row in by_task)

    forget_parses(demo_cvs)
    lines: list[str] = []
    parse_cvs(demo_cvs, lines.append, cache_dir=tmp_path / "cache")
    assert recorded(demo_cvs) == by_task
    assert lines == ["  parsing CVs 4/4"]
    assert len(list((tmp_path / "cache").glob("*.json"))) == 4

    forget_parses(demo_cvs)
    lines.clear()
    parse_cvs(demo_cvs, lines.append, cache_dir=tmp_path / "cache")
    assert recorded(demo_cvs) == by_task
    assert lines[0].startswith("  4 of 4 CVs read from the parse cache")


def test_cache_misses_after_a_parser_change_and_ignores_a_broken_entry(tmp_path):
    cache = ParseCache(tmp_path)
    key = cache.key("ab" * 32, "application/pdf", "CN", 5)
    cache.put(key, {"status": "failed", "reason": "malformed PDF"})
    assert cache.get(key) == {"status": "failed", "reason": "malformed PDF"}
    assert cache.key("ab" * 32, "application/pdf", "DE", 5) != key
    cache.parser = "another parser"
    assert cache.key("ab" * 32, "application/pdf", "CN", 5) != key
    (tmp_path / f"{key}.json").write_text("{not json")
    assert cache.get(key) is None
