"""The OpenAI-compatible HTTP backend: llama.cpp's server (``llama-server`` or
``python -m llama_cpp.server``), Ollama, vLLM, or a hosted API. With an off-the-shelf model and
a few in-context examples this is the paper's in-context baseline.

``url`` is the API root that ends in ``/v1`` (as the OpenAI clients take it:
``http://127.0.0.1:8080/v1``, ``http://localhost:11434/v1`` for Ollama); a bare
``http://host:port`` gets ``/v1`` added, and a URL without a scheme (``localhost:8080``) is taken
as ``http://``. Anything else (another scheme, no host, a bad port) raises :class:`InvalidServerUrl`,
a BackendError whose message shows the expected form. ``api="chat"`` posts to ``/chat/completions`` (one user
message holding the prompt), ``api="completions"`` to ``/completions`` (the raw prompt, for base
and fine-tuned models). The API key, if any, is read from the environment variable named by
``api_key_env`` at each request and sent as a Bearer token; it is never stored or logged.

A free-form answer is reduced to its numbered call lines (``backend.extract_calls``) and validated;
an invalid one is asked for again with another seed, at most ``max_attempts`` times in all, then
:class:`GenerationFailed` reports each attempt's validation issues.

``grammar=True`` sends the trajectory GBNF in the request body's ``grammar`` field, which llama.cpp's
servers honour: the answer is then constrained exactly as in the in-process backend. Other servers
reject or ignore the field; ``extra`` adds any other server-specific fields (e.g.
``{"repeat_penalty": 1.15}`` for llama.cpp, ``{"options": {...}}`` for Ollama's native fields).
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import requests

from ..core import grammar as core_grammar
from . import prompts
from .backend import BackendError, Completion, GenerationStats, extract_calls, generate_valid, sample_seed

APIS = ("chat", "completions")


class InvalidServerUrl(BackendError, ValueError):
    """The server URL cannot be used; the message shows the form expected."""


URL_FORM = "expected the form http://host:port/v1, e.g. http://127.0.0.1:8080/v1"


def api_root(url: str) -> str:
    """The API root without a trailing slash: ``http://`` added when the URL has no scheme
    (``localhost:8080``), ``/v1`` when it has no path. InvalidServerUrl (also a ValueError) for
    anything that is not an http(s) URL with a host."""
    text = url.strip()
    if text and "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in 0..65535
    except ValueError:
        raise InvalidServerUrl(f"not an http(s) URL: {url!r} has a bad port; {URL_FORM}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidServerUrl(f"not an http(s) URL: {url!r}; {URL_FORM}")
    root = text.rstrip("/")
    return root + "/v1" if parts.path in ("", "/") else root


def is_loopback(url: str) -> bool:
    """Whether the server URL names this computer: ``localhost`` (or a ``*.localhost`` name), an
    address in 127.0.0.0/8, or ``::1``. Decided from the text alone, with no name lookup (a lookup
    is itself network traffic); a name that only resolves to a loopback address counts as remote.
    InvalidServerUrl when the URL cannot be used."""
    host = (urlsplit(api_root(url)).hostname or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def error_detail(response: requests.Response) -> str:
    """The server's own words about an error: the JSON ``error.message``/``detail``, or the text."""
    try:
        data = response.json()
    except ValueError:
        data = response.text
    if isinstance(data, dict):
        data = data.get("error", data.get("detail", data))
        if isinstance(data, dict):
            data = data.get("message", data)
    return " ".join(str(data).split())[:300]


class HttpBackend:
    """An orchestrator behind an OpenAI-compatible server (see the module docstring).

    ``model``: the model name the server expects (llama.cpp's servers accept any). ``timeout_s``:
    seconds to wait for the connection and for each answer. Sampling: temperature, top-p and
    ``max_tokens`` as in the paper; ``seed`` per request (servers that honour it are repeatable).
    ``examples``: few-shot (instruction, trajectory text) pairs put into the prompt. ``guide``: the
    tool guide's detail (``prompts.tool_guide``)."""

    def __init__(
        self,
        url: str = "http://127.0.0.1:8080/v1",
        model: str = "default",
        *,
        api: str = "chat",
        api_key_env: str | None = "SCENEORCHESTRA_API_KEY",
        timeout_s: float = 120.0,
        temperature: float = 0.7,
        top_p: float = 0.9,
        max_tokens: int = 2048,
        max_attempts: int = 3,
        examples: Sequence[tuple[str, str]] = (),
        guide: str = "full",
        grammar: bool = False,
        extra: Mapping | None = None,
    ):
        if api not in APIS:
            raise ValueError(f"unknown api {api!r}; expected one of {', '.join(APIS)}")
        if max_attempts < 1 or max_tokens < 1 or timeout_s <= 0:
            raise ValueError("max_attempts and max_tokens must be at least 1, timeout_s positive")
        self.root = api_root(url)
        self.model, self.api, self.api_key_env, self.timeout_s = model, api, api_key_env, timeout_s
        self.temperature, self.top_p, self.max_tokens, self.max_attempts = temperature, top_p, max_tokens, max_attempts
        self.examples = tuple(examples)
        prompts.examples_block(self.examples)  # a broken example fails here, with its issues
        prompts.tool_guide(guide)
        self.guide, self.grammar, self.extra = guide, grammar, dict(extra or {})
        self.stats = GenerationStats()
        self._session = requests.Session()

    @property
    def endpoint(self) -> str:
        return f"{self.root}/{'chat/completions' if self.api == 'chat' else 'completions'}"

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(self.api_key_env) if self.api_key_env else None
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def body(self, prompt: str, seed: int, gbnf: str | None = None) -> dict:
        """The JSON request for one completion of ``prompt``."""
        body: dict = {"model": self.model, "temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens, "seed": seed}
        if self.api == "chat":
            body["messages"] = [{"role": "user", "content": prompt}]
        else:
            body["prompt"] = prompt
        if gbnf:
            body["grammar"] = gbnf
        body.update(self.extra)
        return body

    def post(self, body: dict) -> dict:
        """POST ``body`` to the endpoint; the decoded JSON answer, or a BackendError that says what
        failed (connection refused, timeout, an HTTP error with the server's message, not JSON)."""
        url = self.endpoint
        try:
            response = self._session.post(url, json=body, headers=self._headers(), timeout=self.timeout_s)
        except requests.Timeout as exc:
            raise BackendError(f"no answer from {url} within {self.timeout_s:g} s (timeout): the server is busy or the model is slow; raise timeout_s") from exc
        except requests.ConnectionError as exc:
            refused = "refused" in str(exc).lower()
            why = "connection refused: is the server running, and on this port?" if refused else f"{exc}"
            raise BackendError(f"cannot connect to {url}: {why}") from exc
        except requests.RequestException as exc:
            raise BackendError(f"request to {url} failed: {exc}") from exc
        if response.status_code >= 400:
            hint = ""
            if response.status_code in (401, 403):
                hint = f" (put the API key in ${self.api_key_env})" if self.api_key_env else " (the server wants a key: set api_key_env)"
            raise BackendError(f"HTTP {response.status_code} from {url}: {error_detail(response)}{hint}")
        try:
            data = response.json()
        except ValueError as exc:
            kind = response.headers.get("Content-Type", "no content type")
            raise BackendError(f"{url} answered with something that is not JSON ({kind}): {response.text[:200]!r}") from exc
        if not isinstance(data, dict):
            raise BackendError(f"{url} answered with JSON that is not an object: {str(data)[:200]}")
        return data

    def answer_text(self, data: dict) -> tuple[str, str, int]:
        """(text, finish_reason, completion tokens) of an OpenAI-style answer."""
        try:
            choice = data["choices"][0]
            text = choice["message"]["content"] if self.api == "chat" else choice["text"]
        except (KeyError, IndexError, TypeError) as exc:
            raise BackendError(f"{self.endpoint} answered without choices[0].{'message.content' if self.api == 'chat' else 'text'}: {str(data)[:200]}") from exc
        usage = data.get("usage") or {}
        return text or "", choice.get("finish_reason") or "stop", int(usage.get("completion_tokens") or 0)

    def complete(self, prompt: str, seed: int, gbnf: str | None = None) -> Completion:
        """One raw answer for ``prompt``."""
        started = time.perf_counter()
        text, finish, tokens = self.answer_text(self.post(self.body(prompt, seed, gbnf)))
        return Completion(text, finish, tokens, time.perf_counter() - started)

    def generate(self, instruction: str, n: int = 1, seed: int = 0) -> list[str]:
        """``n`` valid trajectories (canonical text), one request per attempt; sample ``i``, attempt
        ``a`` sends ``seed=sample_seed(seed, i, a)``. Raises GenerationFailed with the validation
        issues of every attempt when a sample stays invalid, BackendError when the server fails."""
        prompt = prompts.trajectory_prompt(instruction, self.examples, self.guide)
        gbnf = core_grammar.gbnf() if self.grammar else None
        out = []
        for i in range(n):
            complete = lambda attempt, i=i: self.complete(prompt, sample_seed(seed, i, attempt), gbnf)
            what = f"{instruction!r} (sample {i}, seed {seed}) from {self.endpoint}"
            out.append(generate_valid(complete, extract_calls, self.stats, self.max_attempts, what))
        return out

    def close(self) -> None:
        self._session.close()
