"""The layering the design promises, checked: pure packages import no I/O frameworks."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_PURE = {
    "fastapi",
    "starlette",
    "sqlalchemy",
    "asyncio",
    "bleak",
    "uvicorn",
    "websockets",
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


PURE_PACKAGES = {
    "workouts": ("server.workouts",),
    "engine": ("server.engine", "server.workouts"),
    # The wire carries the engine's cue enums and sample limits: two leaf modules, no machine.
    "protocol": ("server.protocol", "server.engine.cues", "server.engine.limits"),
    # Activity and workout files: bytes in and out, judged by the engine's own rules.
    "files": ("server.files", "server.engine", "server.workouts"),
    # Training load and readiness: runs, logs and plans in, judgements out.
    "coach": ("server.coach", "server.files", "server.engine", "server.workouts"),
}
PURE_MODULES = [
    (path, allowed)
    for package, allowed in PURE_PACKAGES.items()
    for path in sorted((ROOT / "server" / package).glob("*.py"))
]
SIMULATION = sorted((ROOT / "device" / "simulation").glob("*.py"))


@pytest.mark.parametrize(("path", "allowed"), PURE_MODULES, ids=lambda value: str(value))
def test_the_pure_packages_import_no_io_framework(path: Path, allowed: tuple[str, ...]) -> None:
    assert not imported_roots(path) & FORBIDDEN_IN_PURE


@pytest.mark.parametrize(("path", "allowed"), PURE_MODULES, ids=lambda value: str(value))
def test_pure_modules_import_nothing_above_them(path: Path, allowed: tuple[str, ...]) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("server."):
            assert node.module.startswith(allowed), node.module


@pytest.mark.parametrize("path", SIMULATION, ids=str)
def test_the_simulated_runner_does_not_import_the_server(path: Path) -> None:
    assert "server" not in imported_roots(path)


@pytest.mark.parametrize(
    "package", ["server.workouts", "server.engine", "server.protocol", "device.simulation"]
)
def test_every_exported_name_exists_and_is_public(package: str) -> None:
    module = importlib.import_module(package)
    exported = module.__all__
    assert sorted(exported) == sorted(set(exported))
    for name in exported:
        assert hasattr(module, name), name
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith(package)
    }
    assert public <= set(exported)


def test_a_plain_uv_run_in_a_checkout_has_the_server_and_the_bridge() -> None:
    """`uv run trackcue serve` (as the README shows it) syncs the default groups only: the dev
    group must bring the project's own extras, or the server dies on a missing module."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "dev" in project["tool"]["uv"]["default-groups"]
    dev = project["dependency-groups"]["dev"]
    assert "trackcue[server,bridge]" in dev
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    assert '{ name = "trackcue", extra = ["bridge", "server"] }' in lock  # and locked so
