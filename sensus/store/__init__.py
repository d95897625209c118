"""Store: the DuckDB file and the files beside it, one module per job (errors, files, readers, migrations,
writer; `database` gathers their API), and one typed function per report query (reports).

Imports only sensus.core.
"""
