"""`scene dev` as a developer runs it: Ctrl-C stops it without a traceback, and a `scene dev` killed
hard leaves no server behind (each child dies with its parent)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scene_api.lib.embedded import ProcessRecord, free_port

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="dying with the parent is Linux's prctl")


@dataclass
class DevRun:
    """`python -m scene_api.cli dev` in its own process group, as a terminal's foreground job."""

    state_dir: Path
    api_port: int
    ui_port: int
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.process.poll() is None, f"scene dev exited early:\n{self.output}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout}s:\n{self.output}"
            time.sleep(0.2)

    def wait_until_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for url in (
            f"http://127.0.0.1:{self.api_port}/health/ready",
            f"http://127.0.0.1:{self.ui_port}/",
        ):
            while not _answers(url):
                assert self.process.poll() is None, f"scene dev exited early:\n{self.output}"
                assert time.monotonic() < deadline, f"{url} did not answer within {timeout}s"
                time.sleep(0.5)

    def started_pids(self) -> list[int]:
        """Every server and app process it started (the record the next run would clean up from)."""
        return [int(pid) for pid in json.loads((self.state_dir / "processes.json").read_text())]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310
            return True
    except OSError:
        return False


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def scene_dev() -> Iterator[DevRun]:
    state_dir = Path(tempfile.mkdtemp(prefix="scene-dev-test-"))
    api_port, ui_port = free_port(), free_port()
    # Without PYTEST_* (NiceGUI would think it runs inside a test) and without external services.
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")},
        "SCENE_STATE_DIR": str(state_dir),
        "SCENE_API_PORT": str(api_port),
        "SCENE_UI_PORT": str(ui_port),
        "SCENE_SEED_ON_START": "false",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("SCENE_DATABASE_URL", "SCENE_REDIS_URL", "SCENE_S3_ENDPOINT"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "scene_api.cli", "dev"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
    )
    run = DevRun(state_dir, api_port, ui_port, process)
    reader = threading.Thread(target=run.read_output, daemon=True)
    reader.start()
    try:
        yield run
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # rm, not shutil: as root the PostgreSQL files belong to its own user
        subprocess.run(["rm", "-rf", str(state_dir)], check=False)  # noqa: S603, S607


def test_ctrl_c_stops_apps_then_servers_without_a_traceback(scene_dev: DevRun) -> None:
    scene_dev.wait_for("Scene is running", timeout=120)
    scene_dev.wait_until_serving(timeout=120)
    started = scene_dev.started_pids()

    os.killpg(scene_dev.process.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
    assert scene_dev.process.wait(timeout=60) == 0
    time.sleep(0.5)  # the reader thread drains the last lines

    output = scene_dev.output
    assert "Stopped." in output
    for failure in ("Traceback", "shutdown failed"):
        assert failure not in output, output
    assert [pid for pid in started if _running(pid)] == []
    assert not (scene_dev.state_dir / "postgres" / "postmaster.pid").exists()


def test_a_killed_scene_dev_leaves_no_server_running(scene_dev: DevRun) -> None:
    scene_dev.wait_for("Scene is running", timeout=120)
    started = scene_dev.started_pids()
    assert len(started) == 6  # PostgreSQL, Redis, SeaweedFS, worker, API, UI

    scene_dev.process.kill()  # the parent only: its children are in their own process groups
    scene_dev.process.wait()

    deadline = time.monotonic() + 15
    while [pid for pid in started if _running(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in started if _running(pid)] == []


def test_the_next_start_stops_what_a_killed_run_left_behind(tmp_path: Path) -> None:
    record = ProcessRecord(tmp_path / "processes.json")
    leftover = subprocess.Popen(["sleep", "60"], start_new_session=True)  # noqa: S607 (outlives any parent)
    unrelated = subprocess.Popen(["sleep", "60"])  # noqa: S607
    try:
        record.add(leftover)
        record.add(unrelated)
        unrelated_entry = json.loads(record.path.read_text())
        unrelated_entry[str(unrelated.pid)] = "1"  # as if its pid now belonged to another process
        record.path.write_text(json.dumps(unrelated_entry))

        assert record.stop_leftovers() == [leftover.pid]
        assert leftover.wait(timeout=5) == -signal.SIGINT
        assert unrelated.poll() is None
        assert not record.path.exists()
    finally:
        for process in (leftover, unrelated):
            process.kill()
            process.wait()
