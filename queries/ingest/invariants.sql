-- invariants: what no stored value may break; every row returned is a broken rule with its count
-- grain: one row per broken rule (none in a healthy store)
-- params: $waktu_min TIMESTAMPTZ, $waktu_max TIMESTAMPTZ (the plausible instants)
select aturan, jumlah from (
    select 'waktu_submit_di_luar_rentang' as aturan, count(*) as jumlah from submisi
    where not (waktu_submit >= $waktu_min and waktu_submit < $waktu_max)
    union all
    select 'jumlah_art_di_luar_1_99', count(*) from submisi where jumlah_art not between 1 and 99
    union all
    select 'kode_desa_tidak_dikenal', count(*) from submisi where kode_desa not in (select kode_desa from desa)
    union all
    select 'tanggal_bukan_hari_waktu_submit', count(*) from submisi where tanggal <> cast(waktu_submit as date)
    union all
    select 'id_submisi_ganda', count(*) - count(distinct id_submisi) from submisi
    union all
    select 'target_tidak_positif', count(*) from target where penduduk < 1 or kk < 1 or kk > penduduk
    union all
    select 'target_kode_tidak_dikenal', count(*) from target where kode_desa not in (select kode_desa from desa)
    union all
    select 'kegiatan_tanggal_di_luar_rentang', count(*) from kegiatan where year(tanggal) not between 2000 and 2100
    union all
    select 'capaian_negatif', count(*) from capaian_harian_desa
    where least(kk_baru, penduduk_baru, kk_respon, penduduk_respon, kk_clean) < 0
    union all
    select 'rumah_tangga_tidak_sah', count(*) from rumah_tangga
    where jumlah_art not between 1 and 99 or kode_desa not in (select kode_desa from desa)
)
where jumlah > 0
