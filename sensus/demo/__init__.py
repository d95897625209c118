"""The demo: a deterministic simulator of SP2020 Online exports (simulate) and the store built from them (builder)."""
