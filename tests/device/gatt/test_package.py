"""The package keeps its promises: pure standard library, documented, exports that exist."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest

import device.gatt

PACKAGE_DIR = Path(device.gatt.__file__).parent
MODULES = sorted(PACKAGE_DIR.glob("*.py"))
SUBMODULES = [f"device.gatt.{info.name}" for info in pkgutil.iter_modules([str(PACKAGE_DIR)])]


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_the_codecs_import_only_the_standard_library_and_themselves(path: Path) -> None:
    outside = imported_roots(path) - {"device"} - {"__future__"}
    assert outside <= sys.stdlib_module_names, outside
    assert "asyncio" not in outside


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_the_codecs_import_nothing_else_of_the_project(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("device"):
            assert node.module.startswith("device.gatt"), node.module


def test_every_exported_name_exists_and_every_public_name_is_exported() -> None:
    exported = device.gatt.__all__
    assert sorted(exported) == sorted(set(exported))
    for name in exported:
        assert hasattr(device.gatt, name), name
    for module_name in SUBMODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name}"
            if module_name != "device.gatt.uuids" and module_name not in (
                "device.gatt.reader",
                "device.gatt.writer",
            ):
                assert name in exported, f"{module_name}.{name} is not re-exported"


@pytest.mark.parametrize("module_name", SUBMODULES)
def test_every_public_function_and_class_says_what_it_is_for(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert inspect.getdoc(value), f"{module_name}.{name}"
            if inspect.isclass(value):
                for method_name, method in vars(value).items():
                    if inspect.isfunction(method) and not method_name.startswith("_"):
                        assert inspect.getdoc(method), f"{module_name}.{name}.{method_name}"


def test_result_types_are_frozen_slotted_and_keyword_only() -> None:
    import dataclasses

    for name in device.gatt.__all__:
        value = getattr(device.gatt, name)
        if inspect.isclass(value) and dataclasses.is_dataclass(value):
            params = value.__dataclass_params__  # type: ignore[attr-defined]
            assert params.frozen, name
            assert "__slots__" in vars(value), name
            assert all(field.kw_only for field in dataclasses.fields(value)), name
