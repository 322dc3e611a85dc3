"""A fixed-window request limit per client, kept in the Django cache (Redis when scaled out)."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: with TRUSTED_PROXY_COUNT proxies in front, each appending the
    address it was reached from to X-Forwarded-For, the entry that many places from the right.
    Entries further left are whatever the client chose to send, so they are never believed.
    None when there is no valid address (a request made in-process, a proxy sending garbage):
    it is stored in address columns (submissions, the login log), which take only addresses."""
    hops = settings.TRUSTED_PROXY_COUNT
    found = str(request.META.get("REMOTE_ADDR", "") or "")
    if hops:
        forwarded = [
            entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= hops:
            found = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(found))
    except ValueError:
        return None


def client_key(request: HttpRequest) -> str:
    """The client's address as a rate-limit key ("unknown" shares one bucket)."""
    return client_ip(request) or "unknown"


def allow(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one hit; False once `limit` hits fell in the current window."""
    bucket = f"ratelimit:{scope}:{key}:{int(time.time() // window_seconds)}"
    cache.add(bucket, 0, timeout=window_seconds)
    try:
        return cache.incr(bucket) <= limit
    except ValueError:  # the key expired between add and incr
        cache.add(bucket, 1, timeout=window_seconds)
        return True
