"""Who is on the other end of a request, for rate limits and logs: the socket peer, or the client a
trusted proxy (MYSTAR_TRUSTED_PROXIES) names in X-Forwarded-For."""

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any

from dishka import Provider, Scope, provide
from litestar import Request
from litestar.connection import ASGIConnection

from entrypoints.settings import Network, Settings

logger = logging.getLogger(__name__)


# One IPv6 client holds a whole /64 (2^64 addresses): it is counted as one.
IPV6_CLIENT_PREFIX = 64


@dataclass(frozen=True, slots=True)
class Client:
    address: str

    @property
    def key(self) -> str:
        """What the rate limits count one client by: its IPv4 address, or its IPv6 /64."""
        try:
            ip = ipaddress.ip_address(self.address)
        except ValueError:
            return self.address
        if ip.version == 6:
            return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
        return self.address


def within(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(connection: ASGIConnection[Any, Any, Any, Any], proxies: list[Network]) -> str:
    """The peer, unless it is a trusted proxy: then the nearest address in X-Forwarded-For that is not one
    (read from the right: the addresses to the left of it are whatever the client chose to send)."""
    peer = connection.client.host if connection.client else ""
    if not within(peer, proxies):
        if "x-forwarded-for" in connection.headers:
            _warn_of_an_untrusted_proxy(peer)
        return peer or "unknown"
    hops = [hop.strip() for header in connection.headers.getall("x-forwarded-for", []) for hop in header.split(",")]
    for hop in reversed(hops):
        if not within(hop, proxies):
            return hop if _is_address(hop) else peer
    return peer


_warned_of: set[str] = set()


def _warn_of_an_untrusted_proxy(peer: str) -> None:
    """A proxy that is not in MYSTAR_TRUSTED_PROXIES makes every client look like the proxy to the rate
    limits: said once per proxy, as a proxy sends the header with every request."""
    if peer in _warned_of or len(_warned_of) > 100:
        return
    _warned_of.add(peer)
    logger.warning(
        "X-Forwarded-For came from %s, which is not in MYSTAR_TRUSTED_PROXIES: the header is ignored, and "
        "if %s is a proxy of ours, all its clients count as one",
        peer,
        peer,
    )


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ClientProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def client(
        self,
        request: Request,  # type: ignore[type-arg]  # dishka keys it by the bare class
        settings: Settings,
    ) -> Client:
        return Client(client_address(request, settings.proxy_networks()))
