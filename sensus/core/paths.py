"""Where the project's own files are: the folder of pantau.toml, the committed reference data, the SQL.

Nothing here reads a setting; the configuration (sensus.core.config) says which of these files a deployment uses.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project folder: sensus/core/paths.py → ../..
DATA = ROOT / "data"
QUERIES = ROOT / "queries"
PANTAU_TOML = ROOT / "pantau.toml"
