-- terbit_prune: drop a kabupaten's versions older than the last %(keep)s (their rows and chunks cascade)
-- params: %(kode_kab)s, %(versi)s (the current one), %(keep)s
DELETE FROM terbit_versi WHERE kode_kab = %(kode_kab)s AND versi <= %(versi)s - %(keep)s
