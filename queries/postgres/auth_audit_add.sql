-- auth_audit_add: One audit event (no personal data: users of this tool, file names, area codes, counts).
-- params: aksi, kabupaten, pengguna, rincian
INSERT INTO auth_audit (pengguna, aksi, rincian, kabupaten) VALUES (%(pengguna)s, %(aksi)s, %(rincian)s, %(kabupaten)s)
