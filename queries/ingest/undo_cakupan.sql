-- undo_cakupan: the imports that touched an area outside one kecamatan, so a user bound to it may neither see
-- nor undo them
-- reads: baris_ditolak, batch_sebelum, batch_submisi, impor, impor_oleh, kegiatan, submisi
-- writes: none
-- grain: one row per import that reaches outside $kode_kec
-- params: $kode_kec VARCHAR (the bound kecamatan, dotted)
-- touched: the rows a submissions batch carried, the rows it replaced, the rows later batches left for its ids
-- (an undo replays them), its rejected lines (kept as written: dotted or not, possibly no code at all), the events
-- an events file added; a targets file replaces every village's targets, and an import without an undo record
-- (or an event added on the page) says nothing of its areas: both count as outside
with luar as (
    select impor_id from batch_submisi where not starts_with(kode_desa, $kode_kec || '.')
    union
    select impor_id from batch_sebelum where not starts_with(kode_desa, $kode_kec || '.')
    union
    select b.impor_id
    from batch_submisi as b
    join submisi as s using (id_submisi)
    where not starts_with(s.kode_desa, $kode_kec || '.')
    union
    select impor_id
    from baris_ditolak
    where not coalesce(starts_with(replace(kode_desa, '.', ''), replace($kode_kec, '.', '')), false)
    union
    select impor_id from kegiatan where impor_id is not null and kode <> $kode_kec
        and not starts_with(kode, $kode_kec || '.')
    union
    select i.impor_id
    from impor as i
    left join impor_oleh as o using (impor_id)
    where i.jenis = 'target' or not coalesce(o.is_bisa_batal, false)
)

select distinct impor_id from luar
