"""What the shared lockout costs, and whether it holds across replicas: sign-in with the lockout in PostgreSQL
against the lockout in each process's memory.

    python -m bench.lockout_replicas              # 2 replicas × 40 sign-ins each, per mode
    python -m bench.lockout_replicas --signins 10 # shorter

A throwaway PostgreSQL server (deploy/postgres_local.py) serves the PostgreSQL mode. Each replica is a fresh Python
with a folder of its own (its own users file in memory mode: no file is shared in PostgreSQL mode). Both replicas run
their sign-ins at once: `users.verify` with the right password, then with a wrong one, alternating clients, timed
per call (argon2's hash is in both modes); and the lockout's own three steps (throttled_until, locked_until, fail)
alone. Then the hold check, one process after another: replica A fails five times for one client, replica B (a new
process) is asked the right password from that client.
"""

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import common
from deploy import postgres_local

PASSWORD = "bench-kata-sandi-panjang"
USER = "bench-kepala"


def _settings(folder: str, dsn: str):
    from sensus.core import config

    environ = {"PANTAU_USERS": str(Path(folder) / "users.json")}
    if dsn != "-":
        environ["PANTAU_POSTGRES"] = dsn
    return config.read(environ=environ)


def prepare(folder: str, dsn: str) -> dict:
    """The one user of a replica's users source (the file in `folder`, or PostgreSQL's table for a DSN)."""
    from sensus.auth import users

    cfg = _settings(folder, dsn)
    if users.get(USER, cfg.auth.users) is None:
        users.add(USER, ["pimpinan"], None, PASSWORD, cfg.auth.users, region=cfg.wilayah)
    return {"users": len(users.load_all(cfg.auth.users))}


def replica(folder: str, dsn: str, signins: str, start_at: str) -> dict:
    """One replica's timed sign-ins (right and wrong password) and lockout steps; starts at `start_at` (epoch)."""
    from sensus.auth import users

    cfg = _settings(folder, dsn)
    auth = cfg.auth
    lockout = users.lockout_of(auth)
    users.verify(USER, PASSWORD, auth, lockout=lockout, client="warm-up")  # connection, schema, hasher
    while time.time() < float(start_at):
        time.sleep(0.01)
    right, wrong, steps = [], [], []
    tag = Path(folder).name
    for n in range(int(signins)):
        client = f"{tag}-{n % 7}"  # a handful of clients, each well below its limits
        started = time.perf_counter()
        users.verify(USER, PASSWORD, auth, lockout=lockout, client=client)
        right.append(time.perf_counter() - started)
        started = time.perf_counter()
        with contextlib.suppress(users.SignInRefused):
            users.verify(USER, "salah-salah-salah", auth, lockout=lockout, client=f"{client}-salah-{n}")
        wrong.append(time.perf_counter() - started)
        started = time.perf_counter()
        lockout.throttled_until(client, limits=auth)
        lockout.locked_until(USER, client, limits=auth)
        lockout.fail(None, f"{client}-langkah-{n}", limits=auth)
        steps.append(time.perf_counter() - started)
    return {
        "right": common.percentiles(right),
        "wrong": common.percentiles(wrong),
        "lockout_steps": common.percentiles(steps),
    }


def fail_five(folder: str, dsn: str) -> dict:
    """Replica A: five wrong passwords for USER from one client."""
    from sensus.auth import users

    auth = _settings(folder, dsn).auth
    for _ in range(auth.max_failures):
        with contextlib.suppress(users.SignInRefused):
            users.verify(USER, "salah-salah-salah", auth, client="203.0.113.9")
    return {}


def try_right(folder: str, dsn: str) -> dict:
    """Replica B, a new process: the right password from the client A saw fail, and from another."""
    from sensus.auth import users

    auth = _settings(folder, dsn).auth
    outcome = {}
    for client in ("203.0.113.9", "198.51.100.7"):
        try:
            users.verify(USER, PASSWORD, auth, client=client)
            outcome[client] = "signed in"
        except users.SignInRefused as refused:
            outcome[client] = f"refused ({refused.code})"
    return outcome


def _child(function, *args: str) -> subprocess.Popen:
    target = f"{function.__module__}:{function.__qualname__}"
    return subprocess.Popen(
        [sys.executable, "-m", "bench.child", target, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=common.ROOT,
    )


def _result(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=1800)
    if process.returncode != 0:
        raise RuntimeError(f"replica failed ({process.returncode}):\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1])


def run_mode(mode: str, dsn: str, signins: int) -> dict:
    # by its module's name: run as `python -m`, this module is __main__, which a child cannot import
    from bench.lockout_replicas import fail_five, prepare, replica, try_right

    work = common.scratch(f"lockout-{mode}")
    folders = [str(work / "replika-a"), str(work / "replika-b")]
    for folder in folders:
        Path(folder).mkdir()
        common.in_child(prepare, folder, dsn)
    start_at = str(time.time() + 8)  # both import, warm up and then start together
    running = [_child(replica, folder, dsn, str(signins), start_at) for folder in folders]
    timed = [_result(p) for p in running]
    common.in_child(fail_five, folders[0], dsn)
    hold = common.in_child(try_right, folders[1], dsn)
    return {"replicas": timed, "hold": {k: v for k, v in hold.items() if k not in ("peak_rss_mib", "cpu_s")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signins", type=int, default=40)
    args = parser.parse_args()
    server = Path(tempfile.mkdtemp(prefix="pglock-", dir="/tmp"))
    dsn = postgres_local.start(server)
    try:
        figures = {"signins_per_replica": args.signins, "memory": run_mode("memory", "-", args.signins)}
        figures["postgres"] = run_mode("postgres", dsn, args.signins)
    finally:
        postgres_local.stop(server)
        shutil.rmtree(server, ignore_errors=True)
    rows = []
    for mode, label in (("memory", "in memory (files mode)"), ("postgres", "PostgreSQL")):
        for n, timed in enumerate(figures[mode]["replicas"]):
            rows.append(
                [label, "AB"[n]]
                + [f"{timed[k]['p50_ms']} / {timed[k]['p95_ms']}" for k in ("right", "wrong", "lockout_steps")]
            )
    holds = [
        [label, figures[mode]["hold"]["203.0.113.9"], figures[mode]["hold"]["198.51.100.7"]]
        for mode, label in (("memory", "in memory (files mode)"), ("postgres", "PostgreSQL"))
    ]
    markdown = "\n\n".join(
        [
            "## Sign-in lockout across replicas (`python -m bench.lockout_replicas`)",
            f"Two replicas (fresh processes, folders of their own) sign in at once, {args.signins} times each with the "
            "right password and as many with a wrong one; ms p50 / p95 per `users.verify` call (argon2's hash is "
            "in every call) and per lockout check alone (throttled_until + locked_until + fail). PostgreSQL: a local "
            "server (deploy/postgres_local.py); each lockout step is one transaction on a connection the process keeps "
            "(checked before use). The machine is shared: see the load average in the JSON.",
            common.table_md(["lockout", "replica", "right password", "wrong password", "lockout steps alone"], rows),
            "Does the lockout hold on the other replica? Replica A (a process) fails five times for client "
            "203.0.113.9; replica B (another process) is then given the right password:",
            common.table_md(["lockout", "from 203.0.113.9", "from 198.51.100.7"], holds),
        ]
    )
    common.save("lockout_replicas", figures, markdown)


if __name__ == "__main__":
    main()
