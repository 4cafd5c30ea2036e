"""A real `trackcue serve` process on loopback, for tests that need the whole server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TRACKCUE = Path(sys.executable).parent / "trackcue"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


STARTUP_BOUND_S = 180.0


class ServerProcess:
    """`trackcue serve` on 127.0.0.1 with its own data directory; stops itself when done."""

    def __init__(
        self, data_dir: Path, port: int | None = None, *, env: dict[str, str] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.extra_env = dict(env or {})  # e.g. TRACKCUE_CLOCK_RATE for a fast session clock
        self.process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        env = {
            **os.environ,
            "TRACKCUE_DATA_DIR": str(self.data_dir),
            "TRACKCUE_LOG_LEVEL": "warning",
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            [str(TRACKCUE), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # A bound against a hang, not a measure: a loaded machine may take long to import.
        deadline = time.monotonic() + STARTUP_BOUND_S
        while True:
            try:
                httpx.get(f"{self.url}/v1/health", timeout=1).raise_for_status()
                return self
            except httpx.TransportError:
                if self.process.poll() is not None:
                    errors = self.process.stderr.read() if self.process.stderr else ""
                    raise RuntimeError(f"the server exited: {errors}") from None
                if time.monotonic() > deadline:
                    self.process.kill()
                    self.process.wait(timeout=10)
                    self._close_pipes()
                    raise RuntimeError(
                        f"the server did not answer in {STARTUP_BOUND_S:.0f} s"
                    ) from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown, as in a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_pipes()

    def stop(self) -> None:
        """SIGTERM, then wait: a graceful stop."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._close_pipes()

    def _close_pipes(self) -> None:
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
