"""bench/ui.py (run by hand, never in the suite) measures every public page the UI serves."""

import importlib.util
import sys
from pathlib import Path

from scene_ui import public
from scene_ui.public import signin

BENCH = Path(__file__).parents[2] / "bench"


def test_the_page_benchmark_imports_and_measures_every_public_page(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))  # its own imports: _common, jobs
    spec = importlib.util.spec_from_file_location("bench_ui", BENCH / "ui.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_ui", bench)  # its dataclasses look their module up
    spec.loader.exec_module(bench)

    public_pages = {path for path, _ in public.PAGES} | {signin.SIGN_IN_PATH}
    measured = {screen.route for screen in bench.PAGES}
    assert measured == public_pages | {"/"}  # and the home page, for a visitor and signed in
    assert [screen.signed_in for screen in bench.PAGES if screen.route == "/"] == [False, True]
