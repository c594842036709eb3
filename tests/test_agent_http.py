"""The OpenAI-compatible HTTP backend against a real server process on localhost (llama-cpp-python's
own server with the tiny random-weight GGUF), plus small local HTTP servers for the error paths."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from conftest import DATA
from sceneorchestra_addon.agent.backend import BackendError, GenerationFailed, Orchestrator, extract_calls
from sceneorchestra_addon.agent.http import HttpBackend, InvalidServerUrl, api_root, is_loopback
from sceneorchestra_addon.core import grammar
from sceneorchestra_addon.core import trajectory as T

BEDROOM = (DATA / "bedroom.txt").read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tiny_gguf, tmp_path_factory):
    """``python -m llama_cpp.server`` on a free loopback port: (base URL, log file)."""
    pytest.importorskip("llama_cpp")
    for module in ("uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings"):
        pytest.importorskip(module, reason="llama-cpp-python's server extras are not installed")
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(tiny_gguf), "--host", "127.0.0.1", "--port", str(port),
           "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "1"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                if requests.get(f"{url}/v1/models", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not ready after 90 s:\n{log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def posts(log, path: str) -> int:
    return log.read_text().count(f'"POST {path} HTTP/1.1" 200')


# ---------------------------------------------------------------- against the real server


@pytest.mark.parametrize("api", ["completions", "chat"])
def test_free_form_random_output_is_retried_three_times_then_reported(server, api):
    url, log = server
    backend = HttpBackend(url, api=api, guide="none", max_tokens=48, timeout_s=60)
    path = "/v1/completions" if api == "completions" else "/v1/chat/completions"
    before = posts(log, path)
    with pytest.raises(GenerationFailed) as info:
        backend.generate("Design me a bedroom", seed=0)
    assert posts(log, path) - before == 3  # every attempt reached the server
    assert len(info.value.failures) == 3 and backend.stats.attempts == 3 and backend.stats.valid == 0
    message = str(info.value)
    assert f"from {url}/v1{path[3:]} after 3 attempts" in message
    for i in (1, 2, 3):
        assert f"  attempt {i}: " in message
    assert "the trajectory is empty" in message  # random bytes hold no numbered call lines


@pytest.mark.parametrize("api", ["completions", "chat"])
def test_server_side_grammar_yields_valid_trajectories(server, api):
    url, _ = server
    backend = HttpBackend(f"{url}/v1/", api=api, guide="none", grammar=True, extra={"repeat_penalty": 1.15})
    assert isinstance(backend, Orchestrator)
    texts = backend.generate("Design me a gym", n=4, seed=3)
    for text in texts:
        traj = T.load(text)
        assert T.format(traj) == text and traj.calls[-1].tool == "terminate"
    assert backend.stats.valid == 4 and backend.stats.tokens > 0
    assert backend.generate("Design me a gym", n=4, seed=3) == texts  # the server honours the seed


def test_few_shot_examples_reach_a_real_server(server):
    url, _ = server
    backend = HttpBackend(url, api="completions", guide="none", grammar=True, examples=[("Design me a bedroom", BEDROOM)])
    body = backend.body("p", seed=1)
    assert body["prompt"] == "p" and body["model"] == "default" and body["seed"] == 1 and "grammar" not in body
    text = backend.generate("Design me a kitchen", seed=1)[0]
    T.load(text)
    assert backend.stats.valid == 1


def test_http_errors_carry_the_status_and_the_servers_message(server):
    url, _ = server
    with pytest.raises(BackendError, match=r"HTTP 404 from http://127\.0\.0\.1:\d+/nope/v1/completions"):
        HttpBackend(f"{url}/nope/v1", api="completions", guide="none").generate("Design me a bedroom")
    bad = HttpBackend(url, api="completions", guide="none", extra={"temperature": "hot"})
    with pytest.raises(BackendError, match=r"HTTP 500 from .*/v1/completions: 1 validation error: .*'temperature'.*Input should be a valid number"):
        bad.generate("Design me a bedroom")


# ---------------------------------------------------------------- connection errors


def test_connection_refused_names_the_url():
    port = free_port()  # nothing listens there
    backend = HttpBackend(f"http://127.0.0.1:{port}/v1", timeout_s=5)
    with pytest.raises(BackendError, match=rf"cannot connect to http://127\.0\.0\.1:{port}/v1/chat/completions: connection refused"):
        backend.generate("Design me a bedroom")


def test_a_silent_server_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)  # accepts connections (the kernel does) and never answers
    port = listener.getsockname()[1]
    try:
        backend = HttpBackend(f"http://127.0.0.1:{port}", timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(BackendError, match=r"no answer from http://127\.0\.0\.1:\d+/v1/chat/completions within 0\.5 s \(timeout\)"):
            backend.generate("Design me a bedroom")
        assert time.monotonic() - started < 5
    finally:
        listener.close()


# ---------------------------------------------------------------- a scripted local server


def reply(handler: BaseHTTPRequestHandler, status: int, kind: str, body: str) -> None:
    """Send one HTTP answer from a request handler."""
    data = body.encode()
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class Scripted(BaseHTTPRequestHandler):
    """Answers POSTs from a script: each entry (status, content type, body text); records requests."""

    script: list = []
    seen: list = []

    def do_POST(self):  # noqa: N802 - the http.server API
        length = int(self.headers.get("Content-Length", 0))
        self.seen.append((self.path, dict(self.headers), json.loads(self.rfile.read(length))))
        reply(self, *(self.script.pop(0) if self.script else (500, "text/plain", "script exhausted")))

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted():
    Scripted.script, Scripted.seen = [], []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", Scripted
    httpd.shutdown()
    httpd.server_close()


def chat_answer(content: str) -> str:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}], "usage": {"completion_tokens": 42}})


CHATTY = """<think>The user wants a bedroom. Let me plan (carefully).</think>
Sure! Here is the plan:

```
1. init_room(room_type="bedroom", width_m=4.6, depth_m=4.2)
```
2) `add_set(kind="bed_set", placement="against_wall", wall="north")` -- the bed (with nightstands)
- **3.** add_wall_object(category="wall_art", wall="north", above="double_bed_0")  # art
4. terminate(status="success")
5. add_object(category="sofa")
Enjoy your room!
"""


def test_chatty_answer_is_extracted_and_the_request_is_well_formed(scripted, monkeypatch):
    url, handler = scripted
    monkeypatch.setenv("MY_TEST_KEY", "sekrit")
    handler.script = [(200, "application/json", chat_answer("I cannot help with that.")), (200, "application/json", chat_answer(CHATTY))]
    backend = HttpBackend(url, model="qwen3:4b", api_key_env="MY_TEST_KEY", grammar=True, examples=[("Design me a bedroom", BEDROOM)], guide="compact")
    text = backend.generate("Design me a cosy bedroom", seed=5)[0]
    assert text == (
        '1. init_room(room_type="bedroom", width_m=4.6, depth_m=4.2)\n'
        '2. add_set(kind="bed_set", placement="against_wall", wall="north")\n'
        '3. add_wall_object(category="wall_art", wall="north", above="double_bed_0")\n'  # prose after a call is dropped
        '4. terminate(status="success")\n'
    )
    assert backend.stats.attempts == 2 and backend.stats.invalid == 1 and backend.stats.tokens == 84
    (path1, headers, body), (_, _, body2) = handler.seen
    assert path1 == "/v1/chat/completions" and headers["Authorization"] == "Bearer sekrit"
    assert body["model"] == "qwen3:4b" and body["temperature"] == 0.7 and body["top_p"] == 0.9 and body["max_tokens"] == 2048
    assert body["seed"] != body2["seed"]  # a retry samples anew
    assert body["grammar"] == grammar.gbnf()
    prompt = body["messages"][0]["content"]
    assert body["messages"][0]["role"] == "user" and prompt.startswith("Instruction: Design me a cosy bedroom\nUnderstood: bedroom\n\nTools:\n")
    assert "Example 1\nInstruction: Design me a bedroom\nUnderstood: bedroom\nTrajectory:\n" + T.format(T.load(BEDROOM)) in prompt
    assert prompt.endswith("Trajectory:\n")


def test_invalid_answers_are_reported_with_their_validation_issues(scripted):
    url, handler = scripted
    wrong = "1. init_room(room_type=\"bedroom\", width_m=40.0, depth_m=4.0)\n2. addCrowd(parent=\"x_0\")\n3. terminate(status=\"success\")"
    handler.script = [(200, "application/json", chat_answer(wrong))] * 3
    with pytest.raises(GenerationFailed) as info:
        HttpBackend(url, api_key_env=None).generate("Design me a bedroom")
    message = str(info.value)
    assert message.count("init_room(width_m=...): 40.0 is out of range [2.0, 15.0]") == 3
    assert "unknown tool 'addCrowd'; did you mean 'add_crowd'?" in message
    assert "Authorization" not in handler.seen[0][1]


def test_non_json_unauthorised_and_malformed_answers(scripted):
    url, handler = scripted
    handler.script = [
        (200, "text/html", "<html>proxy login</html>"),
        (401, "application/json", json.dumps({"error": {"message": "Invalid API key"}})),
        (200, "application/json", json.dumps({"id": "x"})),
    ] + [(200, "application/json", json.dumps({"choices": [{"text": "1. init_room(", "finish_reason": "length"}]}))] * 3
    backend = HttpBackend(url)
    with pytest.raises(BackendError, match=r"answered with something that is not JSON \(text/html\): '<html>proxy login</html>'"):
        backend.generate("x")
    with pytest.raises(BackendError, match=r"HTTP 401 from .*: Invalid API key \(put the API key in \$SCENEORCHESTRA_API_KEY\)"):
        backend.generate("x")
    with pytest.raises(BackendError, match=r"answered without choices\[0\]\.message\.content"):
        backend.generate("x")
    with pytest.raises(GenerationFailed, match="cut off by max_tokens") as info:
        HttpBackend(url, api="completions").generate("x")
    assert len(info.value.failures) == 3


# ---------------------------------------------------------------- pure helpers


def test_extract_calls_keeps_numbered_calls_only():
    assert extract_calls(CHATTY).splitlines()[-1] == '4. terminate(status="success")'
    assert extract_calls("no calls here") == ""
    tricky = '1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0) then (more)\n2. set_material(target="a_0", material="oak", part="x)")'
    assert extract_calls(tricky).splitlines() == [
        '1. init_room(room_type="bedroom", width_m=4.0, depth_m=4.0)',
        '2. set_material(target="a_0", material="oak", part="x)")',
    ]
    assert extract_calls("1. init_room(room_type=\"gym\"") == '1. init_room(room_type="gym"\n'  # unclosed: kept for the validator


def test_api_root():
    assert api_root("http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1"
    assert api_root("http://localhost:11434/v1/") == "http://localhost:11434/v1"
    assert api_root("https://example.org/api/v1") == "https://example.org/api/v1"
    # no scheme: http:// is assumed (this was "not an http(s) URL", an unexpected ValueError in the panel)
    assert api_root("localhost:8080") == "http://localhost:8080/v1"
    assert api_root(" 127.0.0.1:8080/v1/ ") == "http://127.0.0.1:8080/v1"
    assert api_root("http://[::1]:8080") == "http://[::1]:8080/v1"
    for bad in ("ftp://example.org/v1", "http://", "", "localhost:80x", "http://host:99999/v1"):
        with pytest.raises(InvalidServerUrl, match=r"not an http\(s\) URL: .*expected the form http://host:port/v1") as info:
            api_root(bad)
        assert isinstance(info.value, BackendError) and isinstance(info.value, ValueError)  # a user error, shown as it is
    with pytest.raises(ValueError, match="unknown api"):
        HttpBackend(api="responses")


def test_is_loopback():
    for url in ("http://127.0.0.1:8080/v1", "localhost:8080", "http://LOCALHOST/v1", "http://[::1]:8080", "127.10.0.1:80", "http://api.localhost"):
        assert is_loopback(url), url
    for url in ("http://192.168.1.5:8080/v1", "https://api.example.org/v1", "my-gpu-box:8080", "http://localhost.example.org", "http://[::2]/v1"):
        assert not is_loopback(url), url


def test_a_url_without_scheme_reaches_the_server(scripted):
    url, handler = scripted
    handler.script = [(200, "application/json", chat_answer(BEDROOM))]
    backend = HttpBackend(url.removeprefix("http://").removesuffix("/v1"), temperature=0.2)
    assert backend.endpoint == f"{url}/chat/completions"
    T.load(backend.generate("Design me a bedroom")[0])
    assert handler.seen[0][0] == "/v1/chat/completions" and handler.seen[0][2]["temperature"] == 0.2
