-- terbit_desa: a kabupaten's villages with their targets, as published for the province
-- grain: one row per desa of the store (a village without a target keeps NULL targets: it shows no rate)
-- params: $kode_kab VARCHAR. Reads the store's `desa` and `target`.
select
    $kode_kab::varchar as kode_kab,
    d.kode_desa,
    d.nama_desa,
    d.jenis,
    d.kode_kec,
    t.kk::bigint as kk_target,
    t.penduduk::bigint as penduduk_target
from desa as d
left join target as t using (kode_desa)
order by d.kode_desa
