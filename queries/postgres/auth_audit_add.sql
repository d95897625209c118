-- One audit event (no personal data: users of this tool, file names, area codes, counts).
INSERT INTO auth_audit (pengguna, aksi, rincian, kabupaten) VALUES (%(pengguna)s, %(aksi)s, %(rincian)s, %(kabupaten)s)
