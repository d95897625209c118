"""The province roll-up from a shell, for an operator or a scheduled job; every path and code is an argument.

python -m sensus.province publish STORE --kabupaten 33.16 --published DIR   publish a store's marts
python -m sensus.province summary --published DIR                            rebuild summary.parquet
python -m sensus.province check --published DIR                             exit 1 if anything is not whole

With --postgres DSN, publish also writes the version into PostgreSQL and check also checks the versions there;
`copy --postgres DSN --published DIR` brings a replica's local copy in DIR up to date (prints what it holds).
Give the password through PGPASSWORD or ~/.pgpass, not in the DSN: a command line is visible to every user.
"""

import argparse
import sys
from pathlib import Path

from sensus.core import wilayah_indonesia
from sensus.province import postgres, publish, replica, versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sensus.province")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("publish", help="publish a kabupaten's store as its next version")
    one.add_argument("store", type=Path)
    one.add_argument("--kabupaten", required=True, help="the store's kabupaten/kota code, e.g. 33.16")
    check, copy = commands.add_parser("check"), commands.add_parser("copy")
    for command in (one, commands.add_parser("summary"), check, copy):
        command.add_argument("--published", type=Path, required=True, help="the province's published folder")
    for command in (one, check, copy):
        command.add_argument("--postgres", required=command is copy, help="PostgreSQL's DSN (no password)")
    args = parser.parse_args(argv)
    try:
        if args.command == "publish":
            kode_kab = wilayah_indonesia.kode_kabupaten(args.kabupaten)
            versi = publish.publish(args.store, kode_kab, args.published, postgres=args.postgres)
            print(f"{kode_kab}: v{versi} published in {args.published}")
        elif args.command == "summary":
            print(publish.rebuild_summary(args.published))
        elif args.command == "copy":
            with replica.LocalCopy(args.postgres, args.published) as local:
                local.refresh()
                for kode_kab in versions.published_kabupaten(local.root):
                    print(f"{kode_kab}: v{versions.current_version(local.root, kode_kab)}")
        else:
            found = versions.problems(args.published)
            if args.postgres:
                found += postgres.problems(args.postgres)
            for problem in found:
                print(problem, file=sys.stderr)
            return 1 if found else 0
    except (
        publish.PublishFailed,
        postgres.PostgresUnavailable,
        versions.PublishedRootUnsafe,
        wilayah_indonesia.WilayahTidakDikenal,
    ) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
