-- terbit_kecamatan: a kabupaten's kecamatan, as published for the province
-- grain: one row per kecamatan of the store
-- params: $kode_kab VARCHAR. Reads the store's `kecamatan`.
select $kode_kab::varchar as kode_kab, kode_kec, nama_kec
from kecamatan
order by kode_kec
