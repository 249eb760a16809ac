import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (for a server a test starts, or one it wants down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
