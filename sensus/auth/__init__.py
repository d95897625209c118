"""Who the viewer is: users file, password hashes, lockout, signed sessions, roles → scope, audit log."""
