-- rute_baris: every staged line of a file with its kabupaten/kota, in file order, to write each kabupaten's part
-- reads: dirute
-- writes: none
-- grain: one row per line of the file
-- params: none
select * from dirute order by urut
