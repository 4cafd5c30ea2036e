"""A network that can fail: a TCP relay on loopback between the bridge and the server.

Everything through it reaches the server unchanged; `cut(seconds)` drops every connection at
once and refuses new ones until the time is up (or until `mend()`), as a phone hotspot at the
track does. The demo's "link loss" scenario and the bridge's tests run through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

__all__ = ["SimulatedNetwork"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SimulatedNetwork:
    """Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`target_port`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = _free_port()
        self.cuts = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._cut_until = 0.0

    @property
    def url(self) -> str:
        """The server's address as seen through this network."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> SimulatedNetwork:
        """Start relaying."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        return self

    async def stop(self) -> None:
        """Stop relaying and drop every connection."""
        if self._server is not None:
            self._server.close()
        self._drop_all()
        if self._server is not None:
            await self._server.wait_closed()

    @property
    def is_cut(self) -> bool:
        """Whether the network is down now."""
        return asyncio.get_running_loop().time() < self._cut_until

    def cut(self, seconds: float | None = None) -> None:
        """Drop every connection now and refuse new ones for `seconds` (real seconds), or until
        `mend()`: a test that measures the outage on the session clock mends it itself."""
        self.cuts += 1
        length = float("inf") if seconds is None else seconds
        self._cut_until = asyncio.get_running_loop().time() + length
        self._drop_all()

    def mend(self) -> None:
        """The network is back: new connections are relayed again."""
        self._cut_until = 0.0

    def _drop_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if asyncio.get_running_loop().time() < self._cut_until:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()
