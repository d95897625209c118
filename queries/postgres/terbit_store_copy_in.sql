-- terbit_store_copy_in: a version's store snapshot, chunk by chunk (binary COPY: bytea travels as is)
COPY terbit_store_chunk (kode_kab, versi, nomor, data) FROM STDIN (FORMAT binary)
