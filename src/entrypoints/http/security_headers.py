"""Headers every answer carries, set in one place: no sniffing, no Referer, no framing; a strict
Content-Security-Policy on our own HTML pages; and `Cache-Control: no-store` on whatever answers a
request that carried a token, unless the route said how it may be kept (a private video does)."""

from litestar.types import Message, Scope

# Our pages (the reset form, the payment pages) load nothing from elsewhere and run no script.
PAGE_POLICY = (
    b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    b"frame-ancestors 'none'; base-uri 'none'"
)
# Swagger UI and Scalar come from a CDN and run scripts: they get only the parts that break nothing.
DOCS_POLICY = b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
_ALWAYS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"DENY",
}


def _carries_a_token(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _ in scope.get("headers", ()))


async def add_security_headers(message: Message, scope: Scope) -> None:
    if message["type"] != "http.response.start":
        return
    headers = list(message.get("headers", ()))
    present = {name.lower() for name, _ in headers}
    wanted = dict(_ALWAYS)
    content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html"):
        docs = str(scope.get("path", "")).startswith("/docs")
        wanted[b"content-security-policy"] = DOCS_POLICY if docs else PAGE_POLICY
    if _carries_a_token(scope):
        wanted[b"cache-control"] = b"no-store"
    headers.extend((name, value) for name, value in wanted.items() if name not in present)
    message["headers"] = headers
