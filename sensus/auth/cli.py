"""`python -m sensus users add|list|remove|passwd`: manage the users file. A password is read from stdin only."""

import argparse
import getpass
import sys

from sensus.auth import roles, settings, users


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser("users", help="manage dashboard users (add, list, remove, passwd)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, choices=roles.ROLES, help="repeat for several roles")
    add.add_argument("--kecamatan", help="bind the user to one kecamatan (required for camat), e.g. 33.16.05")
    add.add_argument("--email", help="the identity provider's email of this user, for OIDC sign-in (optional)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    actions.add_parser("list", help="list users, their roles and kecamatan")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    passwd = actions.add_parser("passwd", help="set a new password (read from stdin) and end the user's sessions")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    return parser


def _password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise users.UserError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "add":
            user = users.add(args.name, args.role, args.kecamatan, _password(args.password_stdin), email=args.email)
            print(f"added {user.name}: {', '.join(user.roles)}" + (f" · {user.kecamatan}" if user.kecamatan else ""))
        elif args.action == "list":
            for user in users.load_all().values():
                print(f"{user.name}\t{','.join(user.roles)}\t{user.kecamatan or '33.16 (kabupaten)'}")
        elif args.action == "remove":
            users.remove(args.name)
            print(f"removed {args.name}")
        elif args.action == "passwd":
            if users.get(args.name) is None:
                raise users.UserError(f"no user {args.name!r}")
            users.passwd(args.name, _password(args.password_stdin))
            print(f"password of {args.name} changed; its open sessions ended")
    except users.UserError as refused:
        print(f"{settings.load().users_path}: {refused}", file=sys.stderr)
        return 1
    return 0
