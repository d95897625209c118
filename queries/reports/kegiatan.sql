-- kegiatan: outreach events in the scope, for the timeline and the markers on daily charts
-- grain: one row per event; nama_kec (the kecamatan of a kecamatan or village event) and jenis_desa (desa |
--        kelurahan, a village event only) let the page tell a kecamatan from a village of the same name
-- params: $kode_kec VARCHAR (NULL = whole kabupaten; a kecamatan also sees kabupaten-wide events and its villages'),
--         $kode_kab VARCHAR ('33.16'), $nama_kab VARCHAR ('Kabupaten Blora', the configured region's)
select
    k.kegiatan_id,
    k.tanggal,
    k.jenis,
    k.kode,
    coalesce(d.nama_desa, c.nama_kec, $nama_kab) as nama_wilayah,
    kc.nama_kec,
    d.jenis as jenis_desa,
    k.keterangan,
    k.simulasi
from kegiatan as k
left join kecamatan as c on c.kode_kec = k.kode
left join desa as d on d.kode_desa = k.kode
left join kecamatan as kc on kc.kode_kec = left(k.kode, 8)
where $kode_kec is null or k.kode = $kode_kab or left(k.kode, 8) = $kode_kec
order by k.tanggal, k.kode
