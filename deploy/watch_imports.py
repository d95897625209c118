"""Import every export dropped into a folder, then move it aside: the importer service of compose.yaml.

    python deploy/watch_imports.py /data/inbox            # poll every 10 s, forever
    python deploy/watch_imports.py /data/inbox --once     # import what is there now and exit (a cron job, a test)

A file is taken once its size and modification time have not changed between two polls (a copy over the
network may take minutes). Each goes through `python -m sensus ingest` (the store comes from PANTAU_STORE),
one at a time: the store has one writer anyway. Afterwards it moves to done/ (exit 0: loaded or already
imported) or failed/ (refused: nothing in the store changed), with the command's output in <name>.log beside it.
Names starting with a dot or ending in .part/.tmp are still being written and are left alone.
"""

import argparse
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = {".csv", ".parquet", ".xlsx"}


def candidates(inbox: Path) -> dict[Path, tuple[int, int]]:
    found = {}
    for path in sorted(inbox.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in EXPORTS:
            stat = path.stat()
            found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def import_one(path: Path, inbox: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "sensus", "ingest", str(path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    folder = inbox / ("done" if done.returncode == 0 else "failed")
    folder.mkdir(exist_ok=True)
    # a second export of the same name must not overwrite the first one's record
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stamp}_{path.name}"
    path.replace(target)
    target.with_name(target.name + ".log").write_text(done.stdout + done.stderr, encoding="utf-8")
    print(f"{path.name}: {'imported' if done.returncode == 0 else 'refused'} -> {target}", flush=True)
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between polls")
    parser.add_argument("--once", action="store_true", help="import the files there now, then exit")
    args = parser.parse_args(argv)
    args.inbox.mkdir(parents=True, exist_ok=True)
    if args.once:
        results = [import_one(path, args.inbox) for path in candidates(args.inbox)]
        return 0 if all(results) else 1
    seen = candidates(args.inbox)
    while True:
        time.sleep(args.interval)
        now = candidates(args.inbox)
        for path, fingerprint in now.items():
            if seen.get(path) == fingerprint and path.exists():
                import_one(path, args.inbox)
        seen = candidates(args.inbox)


if __name__ == "__main__":
    sys.exit(main())
