-- terbit_versi_info: what a replica checks its download of one version against; no row: pruned meanwhile
-- params: %(kode_kab)s, %(versi)s
SELECT baris, store_bytes, store_chunks, store_sha256
FROM terbit_versi
WHERE kode_kab = %(kode_kab)s AND versi = %(versi)s
