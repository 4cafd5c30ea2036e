"""Spoken cues on the bridge's own speaker, through espeak-ng when it is installed.

For a treadmill session with the bridge on a laptop beside it, or a Raspberry Pi with a speaker
at the track. Speech never holds up the bridge: each phrase runs as its own process, and a
phrase still speaking when the next is due is cut short (the newer cue matters more).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil

__all__ = ["Speaker"]

log = logging.getLogger(__name__)


class Speaker:
    """Says cue texts with espeak-ng; silent (and says so once) when it is missing."""

    def __init__(self, *, voice: str = "en", words_per_minute: int = 170) -> None:
        self.program = shutil.which("espeak-ng")
        self.voice = voice
        self.words_per_minute = words_per_minute
        self._current: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()  # one phrase at a time: two cues at once must not overlap
        if self.program is None:
            log.warning("espeak-ng is not installed: cues will not be spoken on the bridge")

    @property
    def available(self) -> bool:
        """Whether there is a speech program to run."""
        return self.program is not None

    async def say(self, text: str) -> None:
        """Start saying `text`, cutting off whatever is still being said."""
        if self.program is None:
            return
        async with self._lock:
            if self._current is not None and self._current.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    self._current.terminate()
                await self._current.wait()
            self._current = await self._start(text)

    async def _start(self, text: str) -> asyncio.subprocess.Process:
        assert self.program is not None
        return await asyncio.create_subprocess_exec(
            self.program,
            "-v",
            self.voice,
            "-s",
            str(self.words_per_minute),
            "--",
            text,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )

    async def wait(self) -> None:
        """Until the phrase being said is over (the bridge's shutdown; tests)."""
        if self._current is not None:
            await self._current.wait()
