"""deploy/nginx.conf, run for real in front of a stand-in upstream: Streamlit's metrics are not served to the
network, and the client address the app counts failed sign-ins by is the one nginx saw, not one the browser sent."""

import http.server
import json
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

from bench import load


class _Echo(http.server.BaseHTTPRequestHandler):
    """Answers every path with what it received: the path and the X-Forwarded-For header."""

    def do_GET(self):  # http.server's name
        body = json.dumps({"path": self.path, "xff": self.headers.get("X-Forwarded-For")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def _upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, **headers) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, None


def test_the_proxy_hides_metrics_and_passes_the_address_it_saw():
    with _upstream() as upstream, load.proxy([upstream]) as (url, _pid):
        for path in ("/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics", "/_stcore/metrics?x=1"):
            status, seen = _get(url + path)
            assert status == 404 and seen is None, path
        assert _get(url + "/_stcore/health")[0] == 200
        status, seen = _get(url + "/kecamatan", **{"X-Forwarded-For": "203.0.113.9, 10.0.0.1"})
        assert status == 200
        # the browser's own header is replaced by the peer nginx saw (loopback here)
        assert seen["xff"] == "127.0.0.1"
