-- baris_ditolak: rows that failed validation (and earlier lines of repeated id_submisi), with file, line and reason
-- grain: one row per rejected line
-- params: $kode_kec VARCHAR (NULL = every row; a kecamatan sees the rows whose kode_desa lies in it)
-- kode_desa is kept as written in the file, dotted or not, so the match ignores the dots
select
    b.impor_id,
    b.berkas,
    i.waktu_impor,
    b.baris,
    b.alasan,
    b.nilai,
    b.id_submisi,
    b.kode_desa,
    b.waktu_submit,
    b.jumlah_art,
    b.status
from baris_ditolak as b
join impor as i using (impor_id)
where $kode_kec is null or starts_with(replace(b.kode_desa, '.', ''), replace($kode_kec, '.', ''))
order by b.impor_id desc, b.baris
