"""The test PostgreSQL: a real server, and each test's database its own."""

import psycopg


def test_each_test_gets_an_empty_database_of_its_own(postgres, postgres_server):
    with psycopg.connect(postgres, autocommit=True) as con:
        con.execute("CREATE TABLE probe (n int)")
        con.execute("INSERT INTO probe VALUES (1)")
        own = con.execute("SELECT current_database()").fetchone()[0]
        assert con.execute("SELECT count(*) FROM probe").fetchone()[0] == 1
    with psycopg.connect(postgres_server) as admin:
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    assert own in names and own.startswith("t_")


def test_the_server_is_postgresql_15_or_newer(postgres):
    with psycopg.connect(postgres) as con:
        assert con.info.server_version >= 150000
