-- terbit_current: every kabupaten's CURRENT version (the one query a replica's refresh makes when nothing changed)
-- params: none
SELECT kode_kab, versi FROM terbit_current ORDER BY kode_kab
