"""`trackcue serve` and `trackcue user create`: run the server, make accounts."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated

import typer

from server.cli.output import console, fail, print_json

if TYPE_CHECKING:
    from server.settings import Settings

__all__ = ["serve_command", "users"]

users = typer.Typer(help="Athlete accounts.", no_args_is_help=True)


def _settings(**overrides: object) -> Settings:
    # Imported here so that a bridge-only install (no server extra) can still run the CLI.
    from server.settings import Settings

    values = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings.model_validate(values)
    except ValueError as error:
        fail(f"settings: {error}", code=2)


def serve_command(
    host: Annotated[str | None, typer.Option(help="address to bind [TRACKCUE_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="port [TRACKCUE_PORT]")] = None,
    data_dir: Annotated[
        str | None, typer.Option(help="where data lives [TRACKCUE_DATA_DIR]")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL [TRACKCUE_DATABASE_URL]")
    ] = None,
) -> None:
    """Run the server (127.0.0.1:8000 by default), creating the data directory on first run."""
    import uvicorn

    from server.api import create_app

    settings = _settings(host=host, port=port, data_dir=data_dir, database_url=database_url)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"cannot create the data directory {settings.data_dir}: {error}")
    console.print(
        f"trackcue on http://{settings.host}:{settings.port}"
        f" (data in {settings.data_dir}; database {settings.resolved_database_url().split('://')[0]})"
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        # Websocket limits, set on purpose: 64 KiB messages, a ping every 10 s answered
        # within 10 s, no compression (bridges on small boards; samples are small anyway).
        ws_max_size=64 * 1024,
        ws_ping_interval=10.0,
        ws_ping_timeout=10.0,
        ws_per_message_deflate=False,
        # Forwarded headers are the app's to judge, from TRACKCUE_TRUSTED_PROXIES only: uvicorn
        # would otherwise believe X-Forwarded-For from loopback, whoever wrote it.
        proxy_headers=False,
        # A stop waits this long for connections to finish, then closes them anyway.
        timeout_graceful_shutdown=10,
    )


@users.command("create")
def create_user(
    name: Annotated[str, typer.Argument(help="the athlete's unique name")],
    password: Annotated[
        str | None,
        typer.Option(help="a password for signing in on the phone (min 8 characters)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for other programs")] = False,
) -> None:
    """Create an athlete and print an athlete token (shown once, stored only hashed)."""
    from pydantic import TypeAdapter, ValidationError

    from server.api.schemas.accounts import Name, Password
    from server.store import Conflict, open_database
    from server.store.athletes import create_athlete

    try:
        name = TypeAdapter(Name).validate_python(name)
        if password is not None:
            TypeAdapter(Password).validate_python(password)
    except ValidationError as error:
        fail(error.errors()[0]["msg"], code=2)
    settings = _settings()

    async def create() -> tuple[str, str]:
        database = await open_database(settings.resolved_database_url())
        try:
            async with database.session() as db:
                athlete, token = await create_athlete(db, name, password)
                return athlete.id, token
        finally:
            await database.close()

    try:
        athlete_id, token = asyncio.run(create())
    except Conflict as error:
        fail(str(error))
    if as_json:
        print_json({"athlete_id": athlete_id, "name": name, "token": token})
    else:
        console.print(f"created {name} ({athlete_id})")
        console.print(token)
