-- rute_bagian: a file's lines by the kabupaten/kota they name: how many, and the first of them in file order
-- reads: $rute
-- writes: none
-- grain: one row per kabupaten code found (null: lines with no valid code)
-- params: $rute VARCHAR (the temp table of the lines with their kabupaten: rute_desa or rute_kode)
select kab, count(*) as baris, arg_min(baris, urut) as baris_pertama, arg_min(lembar, urut) as lembar_pertama
from query_table($rute)
group by kab
