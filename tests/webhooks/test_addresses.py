"""Which URLs may receive webhooks (no database: the resolver is given)."""

import socket

import pytest

from webhooks.addresses import UnsafeURL, check_url


def resolving_to(*addresses):
    def resolve(host, port, type=None):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return resolve


def unresolvable(host, port, type=None):
    raise socket.gaierror("Name or service not known")


def test_a_public_https_url_is_accepted():
    check_url("https://hooks.example.org/ats", [], resolving_to("93.184.215.14"))


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://example.org", "example.org/x"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(UnsafeURL, match="http"):
        check_url(url, [], resolving_to("93.184.215.14"))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.20",
        "169.254.169.254",  # link-local (cloud metadata)
        "100.64.0.1",  # shared (carrier-grade NAT)
        "0.0.0.0",  # noqa: S104 (unspecified)
        "240.0.0.1",  # reserved
        "224.0.0.251",  # multicast
    ],
)
def test_internal_addresses_are_refused(address):
    with pytest.raises(UnsafeURL, match="internal address"):
        check_url(f"http://{address}/hook", [])


def test_a_name_that_resolves_to_an_internal_address_is_refused():
    with pytest.raises(UnsafeURL, match="intranet.local.*10.0.0.7"):
        check_url("https://intranet.local/hook", [], resolving_to("93.184.215.14", "10.0.0.7"))


@pytest.mark.parametrize("url", ["http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook"])
def test_ipv6_loopback_and_mapped_ipv4_loopback_are_refused(url):
    with pytest.raises(UnsafeURL, match="internal address"):
        check_url(url, [])


def test_loopback_is_accepted_when_the_address_is_listed():
    check_url("http://127.0.0.1:8080/hook", ["127.0.0.1"])


def test_a_listed_network_or_host_name_is_accepted():
    check_url("http://10.20.0.5/hook", ["10.20.0.0/16"])
    check_url("http://erp.intranet/hook", ["ERP.intranet"], unresolvable)


def test_a_listed_address_does_not_open_other_internal_addresses():
    with pytest.raises(UnsafeURL):
        check_url("http://127.0.0.2/hook", ["127.0.0.1"])


def test_an_unresolvable_host_is_refused():
    with pytest.raises(UnsafeURL, match="cannot be resolved"):
        check_url("https://no-such-host.invalid/hook", [], unresolvable)
