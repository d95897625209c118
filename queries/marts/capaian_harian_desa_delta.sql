-- capaian_harian_desa_delta: apply the touched households' change (kontribusi_baru − kontribusi_lama) to the mart
-- reads: capaian_harian_desa, kontribusi_baru, kontribusi_lama
-- writes: capaian_harian_desa
-- grain: updates one row per touched desa per day from the first changed day on
-- params: none (reads the temp tables kontribusi_lama and kontribusi_baru)
update capaian_harian_desa as c
set
    kk_baru = c.kk_baru + d.kk_baru,
    penduduk_baru = c.penduduk_baru + d.penduduk_baru,
    kk_respon = c.kk_respon + d.kk_respon,
    penduduk_respon = c.penduduk_respon + d.penduduk_respon,
    kk_clean = c.kk_clean + d.kk_clean
from (
    with selisih as (
        select kode_desa, tanggal, sum(kk_baru) as kk_baru, sum(penduduk_baru) as penduduk_baru,
            sum(delta_penduduk) as delta_penduduk, sum(delta_clean) as delta_clean
        from (
            select kode_desa, tanggal, kk_baru, penduduk_baru, delta_penduduk, delta_clean from kontribusi_baru
            union all
            select kode_desa, tanggal, -kk_baru, -penduduk_baru, -delta_penduduk, -delta_clean from kontribusi_lama
        )
        group by kode_desa, tanggal
    )

    -- a change on day t moves the day's new counts, and the cumulative ones of t and every later day
    select
        h.kode_desa,
        h.tanggal,
        coalesce(sum(s.kk_baru) filter (where s.tanggal = h.tanggal), 0) as kk_baru,
        coalesce(sum(s.penduduk_baru) filter (where s.tanggal = h.tanggal), 0) as penduduk_baru,
        sum(s.kk_baru) as kk_respon,
        sum(s.delta_penduduk) as penduduk_respon,
        sum(s.delta_clean) as kk_clean
    from capaian_harian_desa as h
    inner join selisih as s on s.kode_desa = h.kode_desa and s.tanggal <= h.tanggal
    group by h.kode_desa, h.tanggal
) as d
where c.kode_desa = d.kode_desa and c.tanggal = d.tanggal
