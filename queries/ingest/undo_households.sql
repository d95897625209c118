-- undo_households: the households an undo of one batch changes, for the incremental marts
-- reads: batch_sebelum, batch_submisi, submisi
-- writes: rumah_tangga_tersentuh
-- grain: one row per household
-- params: $impor_id INTEGER (the batch taken back)
-- the batch's rows, the rows it replaced, and what later batches left for the same ids: each may name another household
insert into rumah_tangga_tersentuh
select rumah_tangga from batch_submisi where impor_id = $impor_id
union
select rumah_tangga from batch_sebelum where impor_id = $impor_id
union
select s.rumah_tangga from submisi as s
semi join batch_submisi as b on b.id_submisi = s.id_submisi and b.impor_id = $impor_id
