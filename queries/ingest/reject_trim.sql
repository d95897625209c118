-- reject_trim: of this import's rejected lines (rejects and duplicates), keep the first $maks by file and line
-- reads: baris_ditolak
-- writes: baris_ditolak
-- grain: deletes the rest; the counts by reason (ditolak_alasan) keep all of them
-- params: $impor_id INTEGER, $maks INTEGER
delete from baris_ditolak
where impor_id = $impor_id
    and rowid in (
        select rowid from baris_ditolak where impor_id = $impor_id order by berkas, baris offset $maks
    )
