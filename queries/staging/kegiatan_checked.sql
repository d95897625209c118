-- kegiatan_checked: every staged line of an events file (or the planner's form), typed, with its rejection reason
-- reads: desa, kecamatan, staged
-- writes: kegiatan_checked
-- grain: one row per line; alasan is null for a valid line
-- params: $kode_kab VARCHAR (the region's code, e.g. '33.16': an event for the whole kabupaten)
create or replace temp table kegiatan_checked as
with parsed as (
    select
        baris, lembar, tanggal, kode,
        coalesce(try_cast(tanggal as date), try_strptime(tanggal, '%d/%m/%Y')::date) as hari,
        lower(jenis) as jenis_bersih,
        kode_bertitik(kode) as kode_bersih,
        coalesce(keterangan, '') as keterangan,
        coalesce(try_cast(simulasi as boolean), false) as simulasi
    from staged
)

select
    p.*,
    case
        when p.hari is null or year(p.hari) not between 2000 and 2100 then 'tanggal_tidak_terbaca'
        when p.jenis_bersih is null then 'jenis_kosong'
        when p.kode_bersih is null
            or (p.kode_bersih <> $kode_kab and p.kode_bersih not in (select kode_kec from kecamatan)
                and p.kode_bersih not in (select kode_desa from desa)) then 'kode_wilayah_tidak_dikenal'
    end as alasan,
    case when p.hari is null or year(p.hari) not between 2000 and 2100 then p.tanggal else p.kode end as nilai
from parsed as p
