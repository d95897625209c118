"""Ingest: the export contracts (sources), the import of submissions, targets and events (importer), events
added from the page (kegiatan). Everything here writes through sensus.store.database's writer.
"""
