"""The sandboxes stand in for the providers: they may not share a line of code with Scene's adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import scene_sandboxes

ADAPTER_CODE = ("scene_api", "scene_ui", "scene_tasks", "pywebpush", "http_ece", "py_vapid", "twilio")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
    return names


def test_no_sandbox_module_imports_scene_or_a_provider_library():
    modules = sorted(Path(scene_sandboxes.__file__).parent.rglob("*.py"))
    assert len(modules) >= 8
    borrowed = {
        str(path.relative_to(Path(scene_sandboxes.__file__).parent)): sorted(
            name for name in imports_of(path) if name.startswith(ADAPTER_CODE)
        )
        for path in modules
    }
    assert {module: names for module, names in borrowed.items() if names} == {}
