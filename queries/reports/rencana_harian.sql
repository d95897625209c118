-- rencana_harian: every village's daily and cumulative responses with its targets, for outreach planning
-- (uplift of events, forecasts, the priority list, stalled alerts and the daily summary)
-- grain: one row per desa per day of the window (295 × 46 for Blora), dense: a quiet day has a row of zeros
-- params: $kode_kec VARCHAR (NULL = every village of the kabupaten)
-- a village without a target keeps its rows (its responses still count in kabupaten and kecamatan totals)
select
    c.kode_desa,
    d.nama_desa,
    c.kode_kec,
    k.nama_kec,
    c.tanggal,
    c.kk_baru,
    c.penduduk_baru,
    c.kk_respon,
    c.penduduk_respon,
    t.kk as kk_target,
    t.penduduk as penduduk_target
from capaian_harian_desa as c
join desa as d using (kode_desa)
join kecamatan as k on k.kode_kec = c.kode_kec
left join target as t using (kode_desa)
where $kode_kec is null or c.kode_kec = $kode_kec
order by c.kode_desa, c.tanggal
