"""`trackcue import`, `trackcue export` and `trackcue workout export`: results sync from a
shell, against a running server.

The token is an athlete's (`--token` or `TRACKCUE_TOKEN`, as `POST /v1/auth/signin` gives it)
or, for `import` only, the bridge's own from `trackcue pair`, so a bridge host can send a
watch's files after a run. They need httpx (the `bridge` extra), never the server's stack.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from server.cli.bridge import bridge_data_dir
from server.cli.output import console, fail, print_json

if TYPE_CHECKING:
    import httpx

__all__ = ["export_command", "import_command", "workout_export_command"]

Server = Annotated[str | None, typer.Option(help="the server's address [TRACKCUE_SERVER_URL]")]
Token = Annotated[
    str | None, typer.Option(help="an athlete token [TRACKCUE_TOKEN]", show_default=False)
]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON for other programs")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="where to write the file ('-': stdout)")
]
_POLL_S = 0.5


class ActivityFormat(StrEnum):
    FIT = "fit"
    TCX = "tcx"
    GPX = "gpx"


class WorkoutFormat(StrEnum):
    FIT = "fit"
    TCX = "tcx"


_WAIT_S = 600.0


def _client(server: str | None, token: str | None, *, device_too: bool) -> httpx.Client:
    """A client for the server with the caller's token, or the end of the command."""
    import httpx

    server = server or os.environ.get("TRACKCUE_SERVER_URL")
    token = token or os.environ.get("TRACKCUE_TOKEN")
    if token is None and device_too:
        from device.pairing import PairingError, load_credentials

        try:
            credentials = load_credentials(bridge_data_dir(None), server)
        except PairingError as error:
            fail(f"no token: pass --token (or set TRACKCUE_TOKEN), or pair this host ({error})")
        server, token = credentials.server, credentials.token
    if token is None:
        fail("no token: pass --token (or set TRACKCUE_TOKEN)", code=2)
    if not server:
        fail("pass --server URL (or set TRACKCUE_SERVER_URL)", code=2)
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.Client(base_url=server.rstrip("/"), headers=headers, timeout=120.0)


def _reason(reply: httpx.Response) -> str:
    """What the server said went wrong, in its own words."""
    try:
        body = reply.json()
    except ValueError:
        return f"HTTP {reply.status_code}"
    detail = str(body.get("detail") or f"HTTP {reply.status_code}")
    if body.get("offset") is not None:
        detail += f" (at byte {body['offset']})"
    elif body.get("line") is not None:
        detail += f" (line {body['line']})"
    return detail


def _send(client: httpx.Client, path: Path) -> dict[str, Any]:
    """Upload one file, retrying a dropped connection with the same key (so never twice), and
    follow a 202 until the import ends. The result for the report."""
    import httpx

    key = uuid.uuid4().hex
    try:
        data = path.read_bytes()
    except OSError as error:
        return {"file": str(path), "status": "unreadable", "error": {"message": str(error)}}
    reply = None
    for attempt in range(3):
        try:
            files = {"file": (path.name, data)}
            reply = client.post("/v1/uploads", files=files, headers={"Idempotency-Key": key})
            break
        except httpx.TransportError as error:
            if attempt == 2:
                return {"file": str(path), "status": "unsent", "error": {"message": str(error)}}
            time.sleep(1.0 + attempt)
    assert reply is not None
    if reply.status_code in (413, 422):
        body = reply.json()
        refusal = {k: body.get(k) for k in ("code", "message", "offset", "line")}
        refusal["message"] = refusal["message"] or _reason(reply)
        return {
            "file": str(path),
            "status": "refused",
            "upload_id": body.get("upload_id"),
            "error": refusal,
        }
    if reply.status_code not in (201, 202):
        fail(f"{path}: {_reason(reply)}")
    upload: dict[str, Any] = reply.json()
    deadline = time.monotonic() + _WAIT_S
    while upload["status"] == "processing" and time.monotonic() < deadline:
        time.sleep(_POLL_S)
        polled = client.get(f"/v1/uploads/{upload['id']}")
        if polled.status_code != 200:
            fail(f"{path}: {_reason(polled)}")
        upload = polled.json()
    return {"file": str(path), **{k: v for k, v in upload.items() if k != "filename"}}


def _describe(result: dict[str, Any]) -> str:
    status = result["status"]
    if status == "imported":
        return f"imported as activity {result['activity_id']}"
    if status == "duplicate":
        added = ", ".join(result.get("enriched") or [])
        return f"already here (activity {result['duplicate_of']})" + (
            f"; added {added}" if added else ""
        )
    error = result.get("error") or {}
    where = f" at byte {error['offset']}" if error.get("offset") is not None else ""
    return f"{status}: {error.get('message', '')}{where}"


def import_command(
    files: Annotated[list[Path], typer.Argument(help="FIT, TCX or GPX files (gzipped or not)")],
    server: Server = None,
    token: Token = None,
    as_json: AsJson = False,
) -> None:
    """Upload activity files to the server: each becomes a run, or enriches one already there."""
    from rich.progress import Progress

    results: list[dict[str, Any]] = []
    with _client(server, token, device_too=True) as client:
        if len(files) > 1 and not as_json and console.is_terminal:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("importing", total=len(files))
                for path in files:
                    progress.update(task, description=path.name)
                    results.append(_send(client, path))
                    progress.advance(task)
        else:
            results = [_send(client, path) for path in files]
    if as_json:
        print_json(results)
    else:
        for result in results:
            console.print(f"{result['file']}: {_describe(result)}", soft_wrap=True)
            for warning in result.get("warnings") or []:
                console.print(f"  warning: {warning['message']}", style="yellow", soft_wrap=True)
    if any(result["status"] not in ("imported", "duplicate") for result in results):
        raise typer.Exit(1)


def _download(client: httpx.Client, url: str, output: Path | None, default: str) -> None:
    reply = client.get(url)
    if reply.status_code != 200:
        fail(_reason(reply))
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(reply.content)
        sys.stdout.flush()
        return
    target = output or Path(default)
    try:
        target.write_bytes(reply.content)
    except OSError as error:
        fail(f"cannot write {target}: {error}")
    console.print(f"wrote {target} ({len(reply.content)} bytes)")


def export_command(
    session_id: Annotated[str, typer.Argument(help="the session's id")],
    file_format: Annotated[ActivityFormat, typer.Option("--format")] = ActivityFormat.FIT,
    output: Output = None,
    server: Server = None,
    token: Token = None,
) -> None:
    """Download a session as an activity file for Strava, Garmin Connect or intervals.icu."""
    with _client(server, token, device_too=False) as client:
        fmt = file_format.value
        _download(client, f"/v1/sessions/{session_id}/export.{fmt}", output, f"{session_id}.{fmt}")


def workout_export_command(
    workout_id: Annotated[str, typer.Argument(help="the workout's id")],
    file_format: Annotated[WorkoutFormat, typer.Option("--format")] = WorkoutFormat.FIT,
    output: Output = None,
    server: Server = None,
    token: Token = None,
) -> None:
    """Download a workout as a FIT (or TCX) workout to load onto a watch."""
    with _client(server, token, device_too=False) as client:
        fmt = file_format.value
        _download(client, f"/v1/workouts/{workout_id}/export.{fmt}", output, f"{workout_id}.{fmt}")
