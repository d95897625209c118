-- terbit_versi_tambah: a new version's row (written first: the mart rows and the chunks reference it)
-- params: %(kode_kab)s, %(versi)s, %(diterbitkan)s, %(baris)s, %(store_bytes)s, %(store_chunks)s, %(store_sha256)s
INSERT INTO terbit_versi (kode_kab, versi, diterbitkan, baris, store_bytes, store_chunks, store_sha256)
VALUES (%(kode_kab)s, %(versi)s, %(diterbitkan)s, %(baris)s, %(store_bytes)s, %(store_chunks)s, %(store_sha256)s)
