-- terbit_store_copy_in: a version's store snapshot, chunk by chunk (binary COPY: bytea travels as is)
-- params: none (COPY data from STDIN: kode_kab, versi, nomor, data)
COPY terbit_store_chunk (kode_kab, versi, nomor, data) FROM STDIN (FORMAT binary)
