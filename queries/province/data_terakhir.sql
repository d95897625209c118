-- data_terakhir: how far each published kabupaten's data runs (its last day with a new household), and whether its
-- published version came from a demo store
-- grain: one row per kabupaten with a published version (hari_data_terakhir NULL: no household yet)
-- params: none. Reads the view `ringkasan` (summary.parquet), as status_data.sql finds a store's last day, and the
--         view `kabupaten` (one row per CURRENT version) for the demo flag.
with per_kab as (
    select
        kode_kab,
        any_value(nama_kab) as nama_kab,
        any_value(versi) as versi,
        max(tanggal) filter (where kk_baru > 0) as hari_data_terakhir
    from ringkasan
    group by kode_kab
)

select
    p.kode_kab,
    p.nama_kab,
    p.versi,
    p.hari_data_terakhir,
    coalesce(k.demo, false) as demo
from per_kab as p
left join kabupaten as k on k.kode_kab = p.kode_kab
order by p.kode_kab
