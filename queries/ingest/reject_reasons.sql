-- reject_reasons: every rejected line of one import by reason: the counts, not the lines kept (those are bounded)
-- reads: ditolak_alasan
-- writes: none
-- grain: one row per reason, most frequent first
-- params: $impor_id INTEGER
select alasan, sum(jumlah)::bigint as jumlah
from ditolak_alasan
where impor_id = $impor_id
group by alasan
order by 2 desc, 1
