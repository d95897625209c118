-- invariants: what no stored value may break; every row returned is a broken rule with its count
-- reads: capaian_harian_desa, desa, kegiatan, kontribusi_baru, kontribusi_lama, rumah_tangga, submisi, target
-- writes: none
-- grain: one row per broken rule (none in a healthy store)
-- params: $waktu_min TIMESTAMPTZ, $waktu_max TIMESTAMPTZ (the plausible instants), $semua BOOLEAN (check every
--         row; false: only what import $impor_id INTEGER touched, so the check costs what the batch costs: the
--         rest was checked when it was written)
with batch as (
    select * from submisi where $semua or impor_terakhir = $impor_id
),

touched_desa as (
    select kode_desa from kontribusi_baru
    union
    select kode_desa from kontribusi_lama
)

select aturan, jumlah from (
    select 'waktu_submit_di_luar_rentang' as aturan, count(*) as jumlah from batch
    where not (waktu_submit >= $waktu_min and waktu_submit < $waktu_max)
    union all
    select 'jumlah_art_di_luar_1_99', count(*) from batch where jumlah_art not between 1 and 99
    union all
    select 'kode_desa_tidak_dikenal', count(*) from batch where kode_desa not in (select kode_desa from desa)
    union all
    select 'tanggal_bukan_hari_waktu_submit', count(*) from batch where tanggal <> cast(waktu_submit as date)
    union all
    -- the merge deletes a replaced id before inserting it again: checked on every row at a full check only
    select 'id_submisi_ganda', count(*) from (
        select id_submisi from submisi where $semua group by id_submisi having count(*) > 1
    )
    union all
    select 'target_tidak_positif', count(*) from target where penduduk < 1 or kk < 1 or kk > penduduk
    union all
    select 'target_kode_tidak_dikenal', count(*) from target where kode_desa not in (select kode_desa from desa)
    union all
    select 'kegiatan_tanggal_di_luar_rentang', count(*) from kegiatan where year(tanggal) not between 2000 and 2100
    union all
    select 'capaian_negatif', count(*) from capaian_harian_desa
    where ($semua or kode_desa in (select kode_desa from touched_desa))
        and least(kk_baru, penduduk_baru, kk_respon, penduduk_respon, kk_clean) < 0
    union all
    -- between full checks the touched households' rows come from the batch-checked submissions above
    select 'rumah_tangga_tidak_sah', count(*) from rumah_tangga
    where $semua and (jumlah_art not between 1 and 99 or kode_desa not in (select kode_desa from desa))
)
where jumlah > 0
