"""The visitor's IP address: one answer for rate limits and for the consent record.

Behind a proxy every request arrives from the proxy's address. Each trusted proxy appends the
address it saw to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in front the visitor is
the entry that many places from the right; everything left of it was written by the visitor
and may be forged.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part for part in request.headers.get("x-forwarded-for", "").split(",") if part]
    if count > 0 and len(forwarded) >= count:
        address = _valid(forwarded[-count])
        if address:
            return address
    # No proxy configured, or a request that did not come through it (a health probe from
    # inside the network): the peer is the visitor.
    return _valid(request.META.get("REMOTE_ADDR", ""))
