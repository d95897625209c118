"""`python -m sensus users add|list|remove|passwd|unlock|migrate-to-postgres`: manage the users.

A password is read from stdin only.

Every change is written to the audit log beside the store as `cli:<os user>`. Users are not added while the
configured store is the demo: the demo has one-click users, and real people's accounts belong to a real store.
"""

import argparse
import getpass
import sys
from pathlib import Path

from sensus.auth import audit, roles, users
from sensus.core.config import Config
from sensus.store import database


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("users", help="manage dashboard users (add, list, remove, passwd, unlock)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, choices=roles.ROLES, help="repeat for several roles")
    add.add_argument("--kecamatan", help="bind the user to one kecamatan of the region (required for camat)")
    add.add_argument(
        "--kabupaten",
        help="bind the user to one kabupaten/kota of the province, e.g. 33.74 or 3374 (in a province deployment "
        "required for pimpinan, perencana and operator)",
    )
    add.add_argument("--email", help="the identity provider's email of this user, for OIDC sign-in (optional)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    actions.add_parser("list", help="list users, their roles, kecamatan (and in a province, kabupaten)")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    passwd = actions.add_parser(
        "passwd", help="set a new password (read from stdin), end the user's sessions and lift a lockout"
    )
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    unlock = actions.add_parser("unlock", help="lift a lockout of the name after failed sign-ins")
    unlock.add_argument("name")
    actions.add_parser(
        "migrate-to-postgres", help="copy the users file into PostgreSQL ([server] postgres); again copies nothing"
    )
    return parser


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise users.UserError("the two passwords differ")
    return first


def cli_user() -> str:
    """Who a change made here is recorded as: `cli:` and the OS user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in the environment or the passwd file (some containers)
        return "cli"


def _refuse_on_demo(store_path: Path, is_demo: bool) -> None:
    if is_demo or database.is_demo_store(store_path):
        raise users.UserError(
            f"{store_path.name} is the demo store (simulated data, one-click users): real users belong to a real "
            "store; run without PANTAU_DEMO, or name a real store with --store"
        )


def run(args: argparse.Namespace, cfg: Config, store_path: Path | None = None) -> int:
    """Run one `users` command on the users file of `cfg`; changes are audited beside `store_path` (else the
    configured store). A --kecamatan must be one of the configured region."""
    store_path = store_path or cfg.store_path
    users_path = cfg.auth.users
    try:
        if args.action == "add":
            _refuse_on_demo(store_path, cfg.demo)
            password = _password(args.password_stdin)
            user = users.add(
                args.name,
                args.role,
                args.kecamatan,
                password,
                users_path,
                email=args.email,
                region=cfg.wilayah,
                kabupaten=args.kabupaten,
                provinsi=cfg.provinsi,
            )
            binding = user.kecamatan or user.kabupaten
            detail = ",".join(user.roles) + (f" {binding}" if binding else "")
            _audit("pengguna_tambah", f"{user.name}: {detail}", store_path, cfg)
            print(f"added {user.name}: {', '.join(user.roles)}" + (f" · {binding}" if binding else ""))
        elif args.action == "list":
            for line in listing(users.load_all(users_path).values(), cfg):
                print(line)
        elif args.action == "remove":
            users.remove(args.name, users_path)
            _audit("pengguna_hapus", args.name, store_path, cfg)
            print(f"removed {args.name}")
        elif args.action == "passwd":
            if users.get(args.name, users_path) is None:
                raise users.UserError(f"no user {args.name!r}")
            users.passwd(args.name, _password(args.password_stdin), users_path)
            _audit("pengguna_sandi", args.name, store_path, cfg)
            print(f"password of {args.name} changed; its open sessions ended, a lockout lifted")
        elif args.action == "migrate-to-postgres":
            if not cfg.postgres:
                raise users.UserError("no PostgreSQL configured: set [server] postgres or PANTAU_POSTGRES first")
            copied = users.migrate_to_postgres(cfg.auth.users_path, cfg.auth.users)
            print(
                f"{cfg.auth.users_path}: {len(copied)} users copied to PostgreSQL ({', '.join(copied) or 'none new'})"
            )
        elif args.action == "unlock":
            users.unlock(args.name, users_path)
            _audit("pengguna_buka_kunci", args.name, store_path, cfg)
            print(f"{args.name} unlocked: earlier failed sign-ins no longer count")
    except users.UserError as refused:
        print(f"{users_path}: {refused}", file=sys.stderr)
        return 1
    except users.SharedStateDown as down:  # PostgreSQL unreachable: nothing changed, try again
        print(down, file=sys.stderr)
        return 1
    except users.AuthFileBroken as broken:  # not JSON, an entry without its hash: say so, change nothing
        print(f"{broken}; restore it from a backup", file=sys.stderr)
        return 1
    except OSError as failed:  # the users file could not be written (a full disk, a read-only folder)
        print(f"{failed.filename or users_path}: {failed.strerror or failed}", file=sys.stderr)
        return 1
    return 0


def listing(all_users, cfg: Config) -> list[str]:
    """`users list`: name, roles and scope, tab-separated. Outside a province the scope is the kecamatan or the
    whole region; in a province the kabupaten ('-' for a user bound to none, who opens no kabupaten; the province
    for kepala_provinsi) and then the kecamatan ('-' for none)."""
    if not cfg.is_province:
        whole = f"{cfg.kode_kab} ({cfg.wilayah.jenis})"
        return [f"{u.name}\t{','.join(u.roles)}\t{u.kecamatan or whole}" for u in all_users]
    lines = []
    for user in all_users:
        opened = roles.kabupaten_open(user.roles, user.kabupaten, user.kecamatan, cfg.daftar_kabupaten)
        kabupaten = user.kabupaten_bound or (f"{cfg.provinsi} (provinsi)" if len(opened) > 1 else "-")
        lines.append(f"{user.name}\t{','.join(user.roles)}\t{kabupaten}\t{user.kecamatan or '-'}")
    return lines


def _audit(aksi: str, rincian: str, store_path: Path, cfg: Config) -> None:
    """Record a change made; one that could not be recorded is said on stderr (the change itself stands)."""
    try:
        audit.record(cli_user(), aksi, rincian, store_path, postgres=cfg.postgres, kabupaten=cfg.kode_kab)
    except OSError as failed:
        print(
            f"{audit.journal_path(store_path)}: the audit log could not be written ({failed.strerror})", file=sys.stderr
        )
