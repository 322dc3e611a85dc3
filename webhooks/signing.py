"""The webhook signature: `X-ATS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.

The signed message is `"<t>.<raw body>"` under the subscription's secret, the scheme Stripe and
others use: the timestamp inside the MAC lets a receiver refuse a replayed old delivery, and the
raw body (not a re-serialised one) is what both sides hash. Several `v1=` entries may appear
(a receiver accepts any), so that a secret can be rotated without a gap.
"""

import hashlib
import hmac

HEADER = "X-ATS-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `"<timestamp>.<body>"`."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def parse_header(header: str) -> tuple[int | None, list[str]]:
    """The timestamp (None when missing or not a number) and every v1 signature."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    return timestamp, signatures


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: int,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """What a receiver checks: a v1 signature matches and `t` is within `tolerance` of `now`."""
    timestamp, signatures = parse_header(header)
    if timestamp is None or abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in signatures)
