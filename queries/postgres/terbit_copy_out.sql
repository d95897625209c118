-- terbit_copy_out: one version's rows of one published table, as CSV in the published file's column order; a
-- template composed with psycopg.sql: {table}, {columns}, {kode_kab} and {versi} (literals: COPY takes no bound
-- parameters), {order} the table's key
-- params: none (the template's literals)
COPY (
    SELECT {columns} FROM {table} WHERE kode_kab = {kode_kab} AND versi = {versi} ORDER BY {order}
) TO STDOUT (FORMAT csv)
