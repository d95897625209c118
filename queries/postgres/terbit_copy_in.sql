-- terbit_copy_in: load one published table's rows (CSV from the version's Parquet file); a template composed
-- with psycopg.sql: {table} the terbit_<name> table, {columns} the file's columns in order
-- params: none (COPY data from STDIN)
COPY {table} ({columns}) FROM STDIN (FORMAT csv)
