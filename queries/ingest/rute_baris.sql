-- rute_baris: every staged line of a file with its kabupaten/kota, in file order, to write each kabupaten's part
-- reads: $rute
-- writes: none
-- grain: one row per line of the file
-- params: $rute VARCHAR (the temp table of the lines with their kabupaten: rute_desa or rute_kode)
select * from query_table($rute) order by urut
