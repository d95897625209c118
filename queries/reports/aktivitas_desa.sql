-- aktivitas_desa: when each village last gained a household as of a day, and how many it gained in the last 7 days;
-- with its jenis ('desa' or 'kelurahan', as the reference list stores it)
-- grain: one row per desa of $kode_kec (every village, also those that never responded)
-- params: $tanggal DATE (as-of day, WIB), $kode_kec VARCHAR (NULL = whole kabupaten)
-- quiet days of a village that never responded count from the window's first day, so early in the window
-- no village is called stalled for days that had not happened yet
with hari as (
    select
        min(tanggal) as mulai,
        least($tanggal::date, max(tanggal)) as sampai
    from capaian_harian_desa
),

per_desa as (
    select
        d.kode_desa,
        d.jenis,
        max(c.tanggal) filter (where c.kk_baru > 0) as hari_respon_terakhir,
        coalesce(sum(c.kk_baru) filter (where c.tanggal > h.sampai - 7), 0) as kk_baru_7_hari,
        coalesce(sum(c.penduduk_baru) filter (where c.tanggal > h.sampai - 7), 0) as penduduk_baru_7_hari
    from desa as d
    cross join hari as h
    left join capaian_harian_desa as c on c.kode_desa = d.kode_desa and c.tanggal <= h.sampai
    where $kode_kec is null or d.kode_kec = $kode_kec
    group by d.kode_desa, d.jenis
)

select
    p.kode_desa as kode,
    p.jenis,
    p.hari_respon_terakhir,
    greatest(date_diff('day', coalesce(p.hari_respon_terakhir, h.mulai - 1), h.sampai), 0)::integer
        as hari_tanpa_respon,
    p.kk_baru_7_hari::integer as kk_baru_7_hari,
    p.penduduk_baru_7_hari::integer as penduduk_baru_7_hari
from per_desa as p
cross join hari as h
order by p.kode_desa
