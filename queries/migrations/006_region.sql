-- 006_region: store schema 5 → 6
-- grain: none (bookkeeping); run inside the writer's draft, published with the rest or not at all
-- params: none
-- A store records the region (kabupaten/kota code) it was built for, and a configuration of another region is
-- refused. A new store records its own before this runs; every store older than this served Kabupaten Blora.
insert into meta (kunci, nilai)
select 'kabupaten', '33.16'
where not exists (select 1 from meta where kunci = 'kabupaten');
