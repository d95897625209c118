-- terbit_current_set: switch a kabupaten to a version (readers switch here, at the transaction's commit)
-- params: %(kode_kab)s, %(versi)s
INSERT INTO terbit_current (kode_kab, versi) VALUES (%(kode_kab)s, %(versi)s)
ON CONFLICT (kode_kab) DO UPDATE SET versi = excluded.versi
