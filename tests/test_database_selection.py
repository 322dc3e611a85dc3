"""Which tests the PostgreSQL run keeps (`ATS_DATABASE_TESTS_ONLY`, tests/conftest.py): every
test that can reach the database, and no other."""

import pytest

from tests.conftest import uses_database


def test_a_test_that_cannot_reach_the_database_is_left_to_the_sqlite_run(request, settings):
    # pytest-django's autouse fixtures put `django_db_blocker` in every test's closure.
    assert "django_db_blocker" in request.node.fixturenames
    assert not uses_database(request.node)


def test_the_db_fixture_keeps_a_test(request, db):
    assert uses_database(request.node)


@pytest.mark.django_db
def test_the_django_db_mark_keeps_a_test(request):
    assert uses_database(request.node)


def test_a_fixture_that_uses_the_database_keeps_the_test_that_uses_it(request, hr_user):
    assert uses_database(request.node)


class _Item:
    """What `uses_database` reads of a collected test."""

    def __init__(self, fixturenames: list[str]) -> None:
        self.fixturenames = fixturenames

    def get_closest_marker(self, name: str) -> None:
        return None


@pytest.mark.parametrize("fixture", ["db", "transactional_db", "django_db_setup", "live_server"])
def test_each_way_into_the_database_keeps_a_test(fixture):
    assert uses_database(_Item(["settings", fixture]))
    assert not uses_database(_Item(["settings", "tmp_path", "django_db_blocker"]))
