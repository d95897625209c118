-- terbit_lock: one publisher of a kabupaten at a time, across machines, until the transaction ends
-- params: %(kode_kab)s
SELECT pg_advisory_xact_lock(hashtext('pantau.terbit.' || %(kode_kab)s))
