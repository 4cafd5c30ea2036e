"""`trackcue pair`, `trackcue scan` and `trackcue bridge`: the BLE bridge's commands.

They need only the `bridge` extra (bleak, websockets, httpx), never the server's stack.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from server.cli.output import console, fail, print_json

if TYPE_CHECKING:
    from device.simulation import SimulatedWorld

__all__ = ["bridge_command", "pair_command", "scan_command"]

DataDir = Annotated[
    Path | None, typer.Option(help="where the bridge keeps its token and spool [TRACKCUE_DATA_DIR]")
]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON for other programs")]


def bridge_data_dir(given: Path | None) -> Path:
    """The data directory: as given, `TRACKCUE_DATA_DIR`, or the XDG default."""
    if given is not None:
        return given
    if os.environ.get("TRACKCUE_DATA_DIR"):
        return Path(os.environ["TRACKCUE_DATA_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "trackcue"


def pair_command(
    code: Annotated[str, typer.Argument(help="the code the phone shows (8 letters)")],
    server: Annotated[str, typer.Option(help="the server's address [TRACKCUE_SERVER_URL]")] = "",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Pair this bridge with an athlete: trade the phone's code for a device token."""
    from device.pairing import PairingError, pair, save_credentials

    server = server or os.environ.get("TRACKCUE_SERVER_URL", "")
    if not server:
        fail("pass --server URL (or set TRACKCUE_SERVER_URL)", code=2)
    try:
        credentials = asyncio.run(pair(server, code))
    except PairingError as error:
        fail(str(error))
    path = save_credentials(bridge_data_dir(data_dir), credentials)
    if as_json:
        print_json({"device_id": credentials.device_id, "server": credentials.server})
    else:
        console.print(f"paired with {credentials.server} as device {credentials.device_id}")
        console.print(f"token kept in {path} (readable by you only)")


def scan_command(
    timeout: Annotated[float, typer.Option(help="seconds to listen", min=0.5, max=120)] = 5.0,
    simulate: Annotated[bool, typer.Option(help="scan the simulated devices instead")] = False,
    as_json: AsJson = False,
) -> None:
    """List nearby heart-rate straps, footpods, treadmills and watches, with their RSSI."""
    from bleak.exc import BleakError

    from device.sensor_kinds import scan

    scanner_kwargs: dict[str, Any] = {}
    if simulate:
        from device.simulation import SimulatedWorld

        scanner_kwargs = SimulatedWorld().scanner_kwargs
    try:
        found = asyncio.run(scan(timeout, **scanner_kwargs))
    except (BleakError, OSError) as error:
        fail(f"cannot scan: {error} (is Bluetooth on, and may this user use it?)")
    if as_json:
        print_json([device.as_json() for device in found])
        return
    if not found:
        console.print("nothing found: wake the sensors (wear the strap, move the footpod)")
        return
    for device in found:
        kinds = ", ".join(kind.value for kind in device.kinds)
        console.print(f"{device.rssi:>4} dBm  {device.address}  {device.name}  ({kinds})")


def bridge_command(
    server: Annotated[
        str | None, typer.Option(help="the server's address [TRACKCUE_SERVER_URL]")
    ] = None,
    session: Annotated[
        str | None, typer.Option(help="the session id (default: the one under way)")
    ] = None,
    simulate: Annotated[
        bool, typer.Option(help="use simulated devices and a simulated runner")
    ] = False,
    speak: Annotated[bool, typer.Option(help="also speak cues with espeak-ng")] = False,
    wait: Annotated[
        bool, typer.Option(help="wait for a session to be created instead of failing")
    ] = False,
    cadence_in_strides: Annotated[
        bool, typer.Option(help="the footpod reports strides, not steps, per minute")
    ] = False,
    data_dir: DataDir = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log more")] = False,
) -> None:
    """Run the bridge: sensors in, samples to the server, cues to the watch."""
    from device.bridge import Bridge, BridgeError, BridgeOptions
    from device.pairing import PairingError, load_credentials
    from device.sample_spool import SampleSpool
    from device.server_link import LinkRefused

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)
    directory = bridge_data_dir(data_dir)
    try:
        credentials = load_credentials(directory, server)
    except PairingError as error:
        fail(str(error))
    world: SimulatedWorld | None = None
    radio: dict[str, Any] = {}
    if simulate:
        from device.simulation import SimulatedWorld

        world = SimulatedWorld()
        radio = {
            "scanner_kwargs": world.scanner_kwargs,
            "client_kwargs": world.client_kwargs,
            "sensor_time": world,
        }
    options = BridgeOptions(
        session_id=session,
        speak=speak,
        cadence_in_strides=cadence_in_strides,
        wait_s=5.0 if wait else None,
        **radio,
    )
    spool = SampleSpool(directory / "bridge-spool.db")

    def show(kind: str, data: dict[str, Any]) -> None:
        if kind == "cue" and data.get("text"):
            console.print(f"cue  {data['text']}")
        elif kind == "device":
            console.print(f"{data['kind']}: {data['status']}")
        elif kind == "session":
            console.print(f"feeding session {data['id']} ({data['status']})")

    bridge = Bridge(credentials, spool, options, on_event=show)

    async def run() -> None:
        tasks = []
        if world is not None:
            from device.simulation import aim_for

            world.follow(lambda: aim_for(bridge.plan, bridge.state))
            tasks.append(asyncio.create_task(world.run(bridge.clock)))
        try:
            await bridge.run()
        finally:
            for task in tasks:
                task.cancel()

    try:
        asyncio.run(run())
    except (BridgeError, LinkRefused) as error:
        fail(str(error))
    except KeyboardInterrupt:
        console.print("stopped; unsent readings stay in the spool for the next run")
        raise typer.Exit(130) from None
    finally:
        spool.close()
    console.print("session over; every reading is stored on the server")
