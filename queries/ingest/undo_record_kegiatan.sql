-- undo_record_kegiatan: the stored events an events file carries again (not added twice), for an undo of the
-- batch that added them: they stay, now this batch's
-- reads: kegiatan, kegiatan_checked
-- writes: kegiatan_sama
-- grain: one row per stored event the file carries
-- params: $impor_id INTEGER
insert into kegiatan_sama
select distinct $impor_id, k.kegiatan_id
from kegiatan as k
semi join kegiatan_checked as c
    on c.alasan is null and k.tanggal = c.hari and k.jenis = c.jenis_bersih and k.kode = c.kode_bersih
    and k.keterangan = c.keterangan
