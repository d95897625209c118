"""Store: the DuckDB file, its readers and its writer (database), and one typed function per report query (reports).

Imports only sensus.core.
"""
