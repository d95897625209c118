-- undo_impor_mark: the history's note that a batch was undone, when and by whom
-- reads: none
-- writes: impor_batal
-- grain: one row per undone batch
-- params: $impor_id INTEGER (the batch undone), $pengguna VARCHAR (who undid it)
insert into impor_batal values ($impor_id, now(), $pengguna)
