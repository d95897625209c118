-- audit/terakhir: the instant of the newest audit event already folded into the store
-- grain: one row, one column (null when the store holds none)
-- params: none
select max(waktu) as waktu from audit
