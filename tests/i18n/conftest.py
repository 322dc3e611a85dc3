"""The demo (loaded once for this package, as in tests/demo) is the data the key pages are
rendered with in Chinese."""

from tests.demo.conftest import demo  # noqa: F401 - the fixture, shared
