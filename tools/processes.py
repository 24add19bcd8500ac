"""Real processes of our own for the service tests and the fault drill: Celery workers and
beats, a private redis-server and a private PostgreSQL cluster, each of which may be killed
and started again. None of them touches the machine's own Redis or PostgreSQL."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def wait_until(predicate, *, timeout: float, interval: float = 0.2, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")


class CeleryProcesses:
    """Starts workers and beats with the given environment (database, broker, mail server,
    settings module), each in its own process group and logging into ``tmp``; stops them."""

    def __init__(self, tmp: Path, *, env: dict):
        self.tmp = tmp
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "mentoring", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the children too
        )
        self.procs[name] = proc
        return proc

    def worker(self, name: str = "worker", concurrency: int = 2) -> subprocess.Popen:
        return self._start(
            name,
            [
                "worker",
                "-l",
                "info",
                "-c",
                str(concurrency),
                "-n",
                f"{name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )

    def beat(self, name: str = "beat") -> subprocess.Popen:
        return self._start(
            name,
            [
                "beat",
                "-l",
                "info",
                "-s",
                str(self.tmp / f"{name}-schedule"),
                "--pidfile",
                str(self.tmp / f"{name}.pid"),
            ],
        )

    def kill9(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def term(self, name: str, *, group: bool = True, timeout: float = 30) -> None:
        """SIGTERM to the worker's process group (systemd) or its main process only
        (``docker stop``); wait for it."""
        proc = self.procs.pop(name)
        if group:
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=timeout)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.procs.clear()

    def logs(self) -> str:
        parts = []
        for path in sorted(self.tmp.glob("*.log")):
            parts.append(f"--- {path.name} ---\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)


class PrivateRedis:
    """A redis-server of our own (never the machine's), which may be stopped and started.
    Nothing is persisted: killing it empties the broker's queues."""

    def __init__(self, tmp_path: Path, port: int):
        self.port = port
        self.tmp = tmp_path
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("our redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


class PrivateCluster:
    """A PostgreSQL 15 cluster of our own in ``tmp`` (initdb, pg_ctl) on ``port``, with
    trust authentication for ``postgres`` on 127.0.0.1. Run as root, the server runs as the
    ``postgres`` user (PostgreSQL refuses root). Never the machine's cluster."""

    def __init__(self, tmp: Path, port: int):
        self.home = tmp
        self.data = tmp / "data"
        self.port = port

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        command = [str(PG_BIN / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd="/")
        if done.returncode:
            raise RuntimeError(f"{program} failed: {done.stdout}{done.stderr}")

    def init(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.home}"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.home / "postgres.log"), "-w",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
