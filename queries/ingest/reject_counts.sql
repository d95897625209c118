-- reject_counts: how many lines of this import were rejected, by reason: all of them, also past the lines kept
-- grain: one row per reason
-- params: $impor_id INTEGER; the view `checked_rows` over the checked lines (submissions, targets or events)
insert into ditolak_alasan
select $impor_id, alasan, count(*)
from checked_rows
where alasan is not null
group by alasan
