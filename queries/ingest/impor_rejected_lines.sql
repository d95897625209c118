-- impor_rejected_lines: the first rejected lines kept for one import, to print under its summary
-- reads: baris_ditolak
-- writes: none
-- grain: one row per rejected line, the first $n by line; disimpan: how many lines the store kept for the import
--        (at most pantau.toml [impor] baris_ditolak_maks)
-- params: $impor_id INTEGER, $n INTEGER
select baris, alasan, nilai, count(*) over () as disimpan
from baris_ditolak
where impor_id = $impor_id
order by baris
limit $n
