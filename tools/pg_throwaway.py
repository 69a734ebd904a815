"""A throwaway PostgreSQL server for the tests, CI and a developer: `initdb` into a temporary folder,
listening on 127.0.0.1 only (no Unix socket), run as an unprivileged user when started as root,
stopped and removed at the end.

    python tools/pg_throwaway.py [--port N]

prints the URL of a fresh database (postgresql://jixiao@127.0.0.1:PORT/jixiao) and serves until
Ctrl+C. The superuser `jixiao` logs in without a password from 127.0.0.1 (trust); every other role
needs its password (scram-sha-256: .pgpass, PGPASSWORD or a service file, as on a real server).

The tests use `ThrowawayServer` through the `pg_url` fixture of tests/conftest.py.
"""
from __future__ import annotations

import argparse
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUPERUSER = "jixiao"
UNPRIVILEGED = "nobody"   # who runs the server when we are root (initdb and postgres refuse root)


def find_bindir() -> Path | None:
    """The folder of initdb/pg_ctl: JIXIAO_PG_BINDIR, else Debian's /usr/lib/postgresql/N/bin (the
    newest), else the PATH; None when PostgreSQL's server programs are not installed."""
    override = os.environ.get("JIXIAO_PG_BINDIR")
    if override:
        return Path(override) if (Path(override) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(os.path.realpath(initdb)).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayServer:
    """start() → URL of the maintenance database; stop() ends the server and removes its folder."""

    def __init__(self, port: int | None = None, bindir: Path | None = None):
        self.bindir = bindir or find_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb): apt-get install postgresql")
        self.port = port or _free_port()
        self.folder: Path | None = None
        self.running = False

    @property
    def url(self) -> str:
        return self.url_of("postgres")

    def url_of(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        kwargs = {}
        if os.geteuid() == 0:
            kwargs.update(user=UNPRIVILEGED, group=_group_of(UNPRIVILEGED), extra_groups=[])
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "HOME": str(self.folder)}
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], cwd=self.folder, env=env,
                              capture_output=True, text=True, check=False, **kwargs)

    def start(self) -> str:
        # as root the server runs as nobody, who must reach the folder: /tmp, not a TMPDIR under /root
        where = os.environ.get("JIXIAO_PG_TMP") or ("/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None)
        self.folder = Path(tempfile.mkdtemp(prefix="jixiao-pg-", dir=where))
        if os.geteuid() == 0:
            import pwd
            entry = pwd.getpwnam(UNPRIVILEGED)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        os.chmod(self.folder, 0o700)
        data = self.folder / "data"
        done = self._run("initdb", "-D", str(data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
                         "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        if done.returncode:
            self._remove()
            raise RuntimeError(f"initdb failed: {done.stderr or done.stdout}")
        # Only the loopback address, no Unix socket; the superuser without a password, everyone else with.
        hba = ("host all jixiao 127.0.0.1/32 trust\n"
               "host all all 127.0.0.1/32 scram-sha-256\n")
        conf = (f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\n"
                "max_connections = 60\nshared_buffers = 32MB\nlog_min_messages = warning\n")
        for name, text, mode in (("pg_hba.conf", hba, "w"), ("postgresql.conf", conf, "a")):
            self._write_as_owner(data / name, text, mode)
        done = self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-w", "-t", "60",
                         "-o", f"-p {self.port}", "start")
        if done.returncode:
            log = (self.folder / "server.log").read_text(errors="replace") if (self.folder / "server.log").exists() else ""
            self._remove()
            raise RuntimeError(f"pg_ctl start failed: {done.stderr or done.stdout}\n{log}")
        self.running = True
        return self.url

    def _write_as_owner(self, path: Path, text: str, mode: str) -> None:
        with open(path, mode, encoding="utf-8") as handle:  # root writes; ownership stays the server user's
            handle.write(text)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "-t", "30", "stop")
            self.running = False
        self._remove()

    def _remove(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "ThrowawayServer":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def _group_of(user: str) -> int:
    import pwd
    return pwd.getpwnam(user).pw_gid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="启动一个临时的 PostgreSQL 服务器（仅 127.0.0.1），Ctrl+C 停止并删除")
    parser.add_argument("--port", type=int, help="端口（默认：任一空闲端口）")
    parser.add_argument("--database", default="jixiao", help="新建的数据库名（默认 jixiao）")
    args = parser.parse_args(argv)
    if find_bindir() is None:
        print("未安装 PostgreSQL（找不到 initdb）：请先 apt-get install postgresql", file=sys.stderr)
        return 1
    server = ThrowawayServer(port=args.port)
    stop = False

    def on_signal(_number, _frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server.start()
    try:
        url = server.create_database(args.database)
        print(url, flush=True)
        print(f"临时服务器已启动（数据在 {server.folder}）。例如：python main.py demo --db {url}\n按 Ctrl+C 停止并删除。",
              file=sys.stderr, flush=True)
        while not stop:
            time.sleep(0.2)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
