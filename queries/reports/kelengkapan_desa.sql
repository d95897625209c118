-- kelengkapan_desa: is every village covered by a target and by submissions? For the data officer
-- grain: one row per desa of $kode_kec (295 for the kabupaten)
-- params: $kode_kec VARCHAR (NULL = whole kabupaten)
-- submissions are counted over the whole store, outside the window too: a village with none at all
-- points at a missing export or a wrong code rather than at a quiet village
with per_desa as (
    select
        kode_desa,
        count(*) as jumlah_submisi,
        max(waktu_submit) as submisi_terakhir
    from submisi
    group by kode_desa
)

select
    d.kode_desa as kode,
    d.nama_desa as nama,
    d.jenis as jenis_desa,
    k.nama_kec,
    t.kode_desa is not null as is_bertarget,
    t.kk as kk_target,
    t.penduduk as penduduk_target,
    coalesce(s.jumlah_submisi, 0)::integer as jumlah_submisi,
    s.submisi_terakhir
from desa as d
join kecamatan as k using (kode_kec)
left join target as t using (kode_desa)
left join per_desa as s using (kode_desa)
where $kode_kec is null or d.kode_kec = $kode_kec
order by d.kode_desa
