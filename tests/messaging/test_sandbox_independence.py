"""The sandboxes stand in for the providers: they may not share a line of code with Scene's adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import scene_sandboxes

ADAPTER_CODE = (
    *("scene_api", "scene_ui", "scene_tasks", "pywebpush", "http_ece", "py_vapid", "twilio"),
    *("payfast", "jazzcash", "easypaisa", "easypay_api"),
)
"""Scene's own packages and the providers' client libraries (messaging and payments)."""
SANDBOX_PACKAGES = {"messaging", "payments"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in (
            "importlib.import_module",
            "import_module",
            "__import__",
        ):
            names.update(
                arg.value
                for arg in node.args[:1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def test_no_sandbox_module_imports_scene_or_a_provider_library():
    root = Path(scene_sandboxes.__file__).parent
    modules = sorted(root.rglob("*.py"))
    assert len(modules) >= 8
    assert {path.relative_to(root).parts[0] for path in modules} >= SANDBOX_PACKAGES
    borrowed = {
        str(path.relative_to(root)): sorted(
            name for name in imports_of(path) if name.startswith(ADAPTER_CODE)
        )
        for path in modules
    }
    assert {module: names for module, names in borrowed.items() if names} == {}
