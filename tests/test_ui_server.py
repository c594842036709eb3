"""The server backend as the panel uses it, against a small local HTTP server: the preferences'
temperature reaches the request, a URL without ``http://`` works (and a wrong one says what is
expected), and Blender's "Allow Online Access" is respected (a server on another computer is refused
with a message that says where to enable it; one on this computer is allowed)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from test_agent_http import reply
from test_ui_support import addon  # noqa: F401 - a fixture

bpy = pytest.importorskip("bpy")

from conftest import DATA  # noqa: E402
from test_ui_errors import assert_teacher_offered, panel, shown_notice, squeeze  # noqa: E402
from sceneorchestra_addon.agent.pipeline import BackendSettings  # noqa: E402
from sceneorchestra_addon.ui import preferences  # noqa: E402
from sceneorchestra_addon.ui import session as S  # noqa: E402

BEDROOM = (DATA / "bedroom.txt").read_text()
REMOTE = "http://192.0.2.7:8080/v1"  # TEST-NET-1: never reached (conftest refuses any non-loopback connection)
WHERE = "Edit > Preferences > System > Network > Allow Online Access"


class Answering(BaseHTTPRequestHandler):
    """Answers every chat request with the bedroom trajectory; records the request bodies."""

    seen: list = []

    def do_POST(self):  # noqa: N802 - the http.server API
        self.seen.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
        reply(self, 200, "application/json", json.dumps({"choices": [{"message": {"role": "assistant", "content": BEDROOM}, "finish_reason": "stop"}]}))

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """(port, the request bodies received) of a server on 127.0.0.1."""
    Answering.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answering)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], Answering.seen
    httpd.shutdown()
    httpd.server_close()


def set_online_access(on: bool):
    system = bpy.context.preferences.system
    before = system.use_online_access
    system.use_online_access = on
    assert bpy.app.online_access == on
    return before


@pytest.fixture
def online(addon):  # noqa: F811 - the fixture
    before = set_online_access(True)
    yield addon
    set_online_access(before)


@pytest.fixture
def offline(addon):  # noqa: F811 - the fixture
    before = set_online_access(False)
    yield addon
    set_online_access(before)


def test_the_temperature_setting_reaches_the_server(online, server):
    port, seen = server
    online.backend, online.url = "http", f"http://127.0.0.1:{port}/v1"
    for temperature in (0.25, 1.5):
        online.temperature = temperature
        assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}
        assert seen[-1]["temperature"] == pytest.approx(temperature)
    assert len(seen) == 2 and S.rows(S.current())[0].tool == "init_room"


def test_a_server_url_without_http(online, server):
    port, seen = server
    online.backend, online.url = "http", f"localhost:{port}"
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}  # was "unexpected ValueError: not an http(s) URL"
    assert len(seen) == 1 and S.current().notice.level == "INFO"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/v1", "http://", "localhost:80x"])
def test_a_wrong_server_url_says_what_is_expected(online, url):
    online.backend, online.url = "http", url
    with pytest.raises(RuntimeError, match=r"not an http\(s\) URL: .*expected the form http://host:port/v1"):
        bpy.ops.sceneorchestra.generate()
    notice = S.current().notice
    assert "unexpected" not in notice.text and notice.offer_teacher


def test_online_access_off_refuses_a_server_on_another_computer(offline):
    offline.backend, offline.url = "http", REMOTE
    with pytest.raises(RuntimeError, match="online access is off in Blender"):
        bpy.ops.sceneorchestra.generate()
    layout = panel()
    text = squeeze(shown_notice(layout))
    assert squeeze(f"server {REMOTE} (model sceneorchestra): online access is off in Blender") in text
    assert squeeze(WHERE) in text and "cannotconnect" not in text  # refused before any connection
    assert_teacher_offered(layout)
    assert S.current().journal is None  # nothing built, nothing stored
    icon, status = preferences.backend_status(offline)
    assert icon == "ERROR" and "Allow Online Access" in status


@pytest.mark.parametrize("host", ["http://127.0.0.1:{port}/v1", "localhost:{port}", "http://localhost:{port}"])
def test_online_access_off_allows_a_server_on_this_computer(offline, server, host):
    port, seen = server
    offline.backend, offline.url = "http", host.format(port=port)
    assert bpy.ops.sceneorchestra.generate() == {"FINISHED"}
    assert len(seen) == 1
    assert preferences.backend_status(offline)[0] == "URL"


def test_online_access_rules(online, monkeypatch):
    remote = BackendSettings("http", url=REMOTE)
    assert preferences.network_refusal(remote) is None  # online access on
    for name in ("teacher", "rules", "local"):
        assert preferences.network_refusal(BackendSettings(name, url=REMOTE)) is None  # no network
    monkeypatch.setattr(preferences, "online_access", lambda: (False, False))
    assert WHERE in preferences.network_refusal(remote)
    for url in ("http://[::1]:8080/v1", "127.0.0.2:8080", "http://api.localhost/v1"):
        assert preferences.network_refusal(BackendSettings("http", url=url)) is None, url
    for url in ("http://192.168.1.5:8080/v1", "https://api.example.org/v1", "my-gpu-box:8080"):
        assert preferences.network_refusal(BackendSettings("http", url=url)) is not None, url
    monkeypatch.setattr(preferences, "online_access", lambda: (False, True))  # blender --offline-mode
    assert "started with --offline-mode" in preferences.network_refusal(remote)
