-- harian_desa: new responses of every village on every day of the window, for the village × day heatmap
-- grain: one row per desa per day (the villages of $kode_kec × 46 days), dense: a quiet day has a row of zeros
-- params: $kode_kec VARCHAR (NULL = every village of the kabupaten)
select
    c.kode_desa as kode,
    d.nama_desa as nama,
    c.tanggal,
    c.kk_baru,
    c.penduduk_baru
from capaian_harian_desa as c
join desa as d using (kode_desa)
where $kode_kec is null or c.kode_kec = $kode_kec
order by d.nama_desa, c.kode_desa, c.tanggal
