-- terbit_store_chunk: one chunk of a version's store snapshot (one at a time: a replica never holds the whole
-- file in memory)
-- params: %(kode_kab)s, %(versi)s, %(nomor)s
SELECT data FROM terbit_store_chunk WHERE kode_kab = %(kode_kab)s AND versi = %(versi)s AND nomor = %(nomor)s
