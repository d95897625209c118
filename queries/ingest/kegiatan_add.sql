-- kegiatan_add: add the valid events not stored yet (same day, kind, area and text is the same event)
-- reads: kegiatan, kegiatan_checked
-- writes: kegiatan
-- grain: one row per new event
-- params: $impor_pemilik INTEGER (the events file's batch; null for an event added on the page)
insert into kegiatan (kegiatan_id, tanggal, jenis, kode, keterangan, simulasi, impor_id)
select
    (select coalesce(max(kegiatan_id), 0) from kegiatan) + row_number() over (order by baris),
    hari, jenis_bersih, kode_bersih, keterangan, simulasi, $impor_pemilik
from (
    select distinct on (hari, jenis_bersih, kode_bersih, keterangan) *
    from kegiatan_checked as c
    where alasan is null and not exists (
        select 1 from kegiatan as k
        where k.tanggal = c.hari and k.jenis = c.jenis_bersih and k.kode = c.kode_bersih
            and k.keterangan = c.keterangan
    )
    order by baris
)
