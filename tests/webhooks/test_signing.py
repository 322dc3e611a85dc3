"""The signature scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`."""

import hashlib
import hmac

from webhooks import signing

BODY = b'{"id":"e1","event":"application.hired"}'


def test_header_has_the_timestamp_and_the_hmac_of_timestamp_dot_body():
    header = signing.signature_header("s3cret", 1_700_000_000, BODY)

    expected = hmac.new(b"s3cret", b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"


def test_verify_accepts_the_header_it_made():
    header = signing.signature_header("s3cret", 1_700_000_000, BODY)

    assert signing.verify("s3cret", header, BODY, now=1_700_000_100)


def test_verify_refuses_another_secret_a_changed_body_and_an_old_timestamp():
    header = signing.signature_header("s3cret", 1_700_000_000, BODY)

    assert not signing.verify("other", header, BODY, now=1_700_000_000)
    assert not signing.verify("s3cret", header, BODY + b" ", now=1_700_000_000)
    assert not signing.verify("s3cret", header, BODY, now=1_700_000_000 + 301)


def test_verify_accepts_any_of_several_signatures_and_refuses_a_malformed_header():
    good = signing.signature("s3cret", 1_700_000_000, BODY)

    assert signing.verify("s3cret", f"t=1700000000,v1=00ff,v1={good}", BODY, now=1_700_000_000)
    assert not signing.verify("s3cret", f"v1={good}", BODY, now=1_700_000_000)
    assert not signing.verify("s3cret", "garbage", BODY, now=1_700_000_000)
