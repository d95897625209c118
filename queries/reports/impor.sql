-- impor: the import history for the data officer, newest first
-- grain: one row per import (submission exports, targets, events), undone ones included and marked; for a
-- kecamatan, one row per import that carried a row of it
-- params: $kode_kec VARCHAR (null: the whole kabupaten, file names and file totals; a kecamatan code:
--         only that kecamatan's stored and rejected rows per batch, no file name, no file totals)
-- a file holds every kecamatan: its name and totals are kabupaten facts a camat does not see
-- hari_data: the latest WIB day among the stored submissions the import first brought or last updated (for a
-- kecamatan, among its own); null for targets, events and an import that stored nothing. An export cannot have
-- been imported before that day: the data page marks an import whose hari_data is after the as-of day as later
with hari as (
    select impor_id, max(tanggal) as hari_data
    from (
        select impor_pertama as impor_id, kode_desa, tanggal from submisi
        union all
        select impor_terakhir as impor_id, kode_desa, tanggal from submisi
    )
    where $kode_kec is null or starts_with(kode_desa, $kode_kec || '.')
    group by impor_id
),

kec_baru as (
    select impor_pertama as impor_id, count(*) as submisi_baru
    from submisi
    where $kode_kec is not null and starts_with(kode_desa, $kode_kec || '.')
    group by impor_pertama
),

kec_ditolak as (
    -- rejected lines keep the village code as written: dotted or not
    select impor_id, count(*) filter (where alasan <> 'duplikat_id_submisi') as ditolak,
        count(*) filter (where alasan = 'duplikat_id_submisi') as duplikat
    from baris_ditolak
    where $kode_kec is not null and starts_with(replace(kode_desa, '.', ''), replace($kode_kec, '.', ''))
    group by impor_id
)

select
    i.impor_id,
    i.waktu_impor,
    case when $kode_kec is null then i.berkas end as berkas,
    i.jenis,
    h.hari_data,
    case when $kode_kec is null then i.baris_dibaca end as baris_dibaca,
    case when $kode_kec is null then i.submisi_baru else coalesce(kb.submisi_baru, 0) end as submisi_baru,
    case when $kode_kec is null then i.rumah_tangga_baru end as rumah_tangga_baru,
    case when $kode_kec is null then i.diperbarui end as diperbarui,
    case when $kode_kec is null then i.sama end as sama,
    case when $kode_kec is null then i.duplikat else coalesce(kd.duplikat, 0) end as duplikat,
    case when $kode_kec is null then i.ditolak else coalesce(kd.ditolak, 0) end as ditolak,
    case when $kode_kec is null then i.luar_jendela end as luar_jendela,
    case when $kode_kec is null then i.kolom_dibuang end as kolom_dibuang,
    case when $kode_kec is null then o.pengguna end as pengguna,
    b.impor_id is not null as is_dibatalkan
from impor as i
left join hari as h using (impor_id)
left join kec_baru as kb using (impor_id)
left join kec_ditolak as kd using (impor_id)
left join impor_oleh as o using (impor_id)
left join impor_batal as b using (impor_id)
-- a kecamatan sees only the imports that carried one of its rows (stored, updated, kept for undo or rejected)
where $kode_kec is null
    or h.impor_id is not null
    or kd.impor_id is not null
    or exists (
        select 1 from batch_submisi as bs
        where bs.impor_id = i.impor_id and starts_with(bs.kode_desa, $kode_kec || '.')
    )
order by i.impor_id desc
