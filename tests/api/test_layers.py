"""The layers point one way: pages (scene_ui) and jobs (scene_tasks) call the domain (scene_api),
never the other way round. Jobs call services; the domain never imports the worker or a page."""

from __future__ import annotations

from pathlib import Path

import scene_api
import scene_tasks
from tests.messaging.test_sandbox_independence import imports_of

LAUNCHER = "cli.py"
"""`scene ui` / `scene worker` / `scene dev`: the command line starts every process, so it alone
imports the UI and the worker (inside the command that runs them)."""


def imported(package: Path, forbidden: tuple[str, ...], *, skip: str = "") -> dict[str, list[str]]:
    """Each module of `package` (but `skip`) that imports a `forbidden` package, with those imports."""
    modules = sorted(path for path in package.rglob("*.py") if str(path.relative_to(package)) != skip)
    assert len(modules) > 5
    found = {
        str(path.relative_to(package)): sorted(
            name for name in imports_of(path) if name.startswith(forbidden)
        )
        for path in modules
    }
    return {module: names for module, names in found.items() if names}


def test_the_domain_imports_neither_the_worker_nor_the_pages():
    root = Path(scene_api.__file__).parent
    assert imported(root, ("scene_tasks", "scene_ui"), skip=LAUNCHER) == {}


def test_the_worker_imports_no_page():
    assert imported(Path(scene_tasks.__file__).parent, ("scene_ui",)) == {}
