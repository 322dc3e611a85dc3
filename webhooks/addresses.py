"""Which URLs may receive webhooks: http(s) only, and never an internal or loopback address
unless the host or the address is listed in WEBHOOK_ALLOWED_HOSTS.

A subscription's URL is checked when it is saved and again before every delivery (a name can
resolve elsewhere later). Deliveries also never follow redirects (`webhooks.services`), which
would otherwise lead around this check.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

Resolver = Callable[..., list[tuple[Any, ...]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class UnsafeURL(Exception):
    """The URL may not receive webhooks; the message says why, for the person who gave it."""


def _allowed(entries: Iterable[str]) -> tuple[set[str], list[IPNetwork]]:
    """Listed host names (lower case), and listed addresses or networks (`10.0.0.0/8`)."""
    names: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in entries:
        entry = entry.strip().lower().rstrip(".")
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            names.add(entry)
    return names, networks


def _is_internal(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    # Not global covers loopback, private, link-local, reserved, unspecified, shared (CGNAT)
    # and documentation ranges; multicast addresses count as global but are never receivers.
    return not address.is_global or address.is_multicast


def check_url(
    url: str, allowed_hosts: Iterable[str], resolve: Resolver = socket.getaddrinfo
) -> str:
    """The URL's host name when it may receive webhooks; `UnsafeURL` otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http:// and https:// URLs can receive webhooks."))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURL(_("The URL has no host."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL(_("The URL's port is not a number between 0 and 65535.")) from exc
    names, networks = _allowed(allowed_hosts)
    if host in names:
        return host
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(_("The host “%(host)s” cannot be resolved.") % {"host": host}) from exc
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found}
    if not addresses:
        raise UnsafeURL(_("The host “%(host)s” cannot be resolved.") % {"host": host})
    for address in sorted(addresses, key=str):
        if _is_internal(address) and not any(address in net for net in networks):
            raise UnsafeURL(
                _(
                    "“%(host)s” is an internal address (%(address)s); webhooks go only to "
                    "public addresses unless it is listed in WEBHOOK_ALLOWED_HOSTS."
                )
                % {"host": host, "address": address}
            )
    return host
