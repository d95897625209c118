"""What the browser tests share: the project folder, the test users' password and a signed session cookie."""

from pathlib import Path

from sensus.auth import sessions
from sensus.core import config

ROOT = Path(__file__).resolve().parents[2]
E2E_PASSWORD = "e2e-kata-sandi-panjang"
E2E_KECAMATAN = "33.16.05"  # the camat of the browser tests: Cepu


def session_cookie(url: str, name: str) -> dict:
    # signed with the key beside the configured users file (PANTAU_USERS), the one the server under test reads
    return {"name": sessions.COOKIE, "value": sessions.issue(name, config.read().auth), "url": url}


def record_reruns(page) -> list[str]:
    """The fragment id of every run the page asks the server for, in order ("" for a run of the whole page)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    asked: list[str] = []

    def sent(frame) -> None:
        message = BackMsg()
        message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
        if message.WhichOneof("type") == "rerun_script":
            asked.append(message.rerun_script.fragment_id)

    page.on("websocket", lambda socket: socket.on("framesent", sent))
    return asked
