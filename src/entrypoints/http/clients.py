"""Who is on the other end of a request, for rate limits and logs: the socket peer, or the client a
trusted proxy (MYSTAR_TRUSTED_PROXIES) names in X-Forwarded-For."""

import ipaddress
from dataclasses import dataclass
from typing import Any

from dishka import Provider, Scope, provide
from litestar import Request
from litestar.connection import ASGIConnection

from entrypoints.settings import Network, Settings


@dataclass(frozen=True, slots=True)
class Client:
    address: str


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
        return peer or "unknown"
    hops = [hop.strip() for header in connection.headers.getall("x-forwarded-for", []) for hop in header.split(",")]
    for hop in reversed(hops):
        if not within(hop, proxies):
            return hop if _is_address(hop) else peer
    return peer


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
