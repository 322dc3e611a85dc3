"""Fixtures of the webhook tests: a real receiver on 127.0.0.1, a dead port, subscriptions."""

import http.server
import json
import socket
import threading
from dataclasses import dataclass, field
from email.message import Message

import pytest

from webhooks import services
from webhooks.models import WebhookEvent

SECRET = "a-receiver-secret-of-enough-length"


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    """The receivers of these tests listen on 127.0.0.1, an address refused by default."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@dataclass
class Received:
    path: str
    headers: Message  # names are case-insensitive, as in HTTP
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    # Status codes to answer, in order; 200 once they run out.
    answers: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)


@pytest.fixture
def receiver():
    """An HTTP server in a thread that records every POST and answers `receiver.answers`."""
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append(Received(self.path, self.headers, body))
            code = state.answers.pop(0) if state.answers else 200
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):  # keep the test output quiet
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/ats"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_url():
    """A URL on 127.0.0.1 where nothing listens (the port was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"


@pytest.fixture
def subscribe(hr_user):
    """subscribe(url, events=all, secret=SECRET) -> WebhookSubscription (through the service)."""

    def make(url="http://127.0.0.1:9/hooks", events=None, secret=SECRET, **kw):
        return services.subscription_create(
            actor=hr_user,
            url=url,
            events=events or list(WebhookEvent.values),
            secret=secret,
            **kw,
        )

    return make
