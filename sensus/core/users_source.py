"""Where a deployment keeps its users: the users file (a Path) or PostgreSQL's table (`UsersTable`)."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class UsersTable:
    """The users in PostgreSQL at `dsn` (queries/postgres/auth_schema.sql); shared by every replica."""

    # a DSN may carry a password: never shown in a repr, an error or a log
    dsn: str = field(repr=False)

    def __str__(self) -> str:
        return "PostgreSQL users table"


# what sensus.auth.users' functions take: the file, or the table
UsersSource = Path | UsersTable
