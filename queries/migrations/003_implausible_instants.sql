-- 003_implausible_instants: store schema 2 → 3
-- grain: none (data repair); run inside the writer's draft, published with the rest or not at all
-- params: none
-- Imports before strict parsing stored instants no reader can convert ('infinity', five-digit years),
-- which broke every page. They move to the rejected rows of the import that brought them, with the
-- reason a new import would give; the marts are rebuilt after a migration. 2000–2100 is the default range.
insert into baris_ditolak (impor_id, berkas, baris, alasan, nilai, id_submisi, kode_desa, waktu_submit, jumlah_art, status)
select
    s.impor_terakhir, coalesce(i.berkas, '-'), 0, 'waktu_submit_di_luar_rentang', s.waktu_submit::varchar,
    s.id_submisi, s.kode_desa, s.waktu_submit::varchar, s.jumlah_art::varchar, s.status
from submisi as s
left join impor as i on i.impor_id = s.impor_terakhir
where case when isfinite(s.waktu_submit) then year(s.waktu_submit) not between 2000 and 2100 else true end;
delete from submisi
where case when isfinite(waktu_submit) then year(waktu_submit) not between 2000 and 2100 else true end;
