-- terbit_versi_terakhir: the highest version of a kabupaten PostgreSQL holds (0: none)
-- params: %(kode_kab)s
SELECT coalesce(max(versi), 0) FROM terbit_versi WHERE kode_kab = %(kode_kab)s
