"""The province roll-up: each kabupaten publishes its marts as immutable Parquet versions; the province reads only
those (never a kabupaten's store). docs/PROVINCE.md describes the design."""
