"""Stage 6: write a trained Hugging Face Llama checkpoint as GGUF with gguf-py, quantize it to Q8_0
with llama.cpp, and check it: llama.cpp loads it and writes grammar-constrained trajectories.

GGUF layout (what llama.cpp's own converter writes for arch "llama"): token_embd, output_norm,
output, blk.N.{attn_norm, ffn_norm, attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up,
ffn_down}; q and k projection rows permuted from Hugging Face's rotate-half RoPE layout to llama.cpp's
interleaved one; the tokenizer as model "gpt2" with pre-tokenizer "gpt-2" (GPT-2's regex, which
our byte-level BPE uses), merges from tokenizer.json, <s>/</s> as BOS/EOS, BOS added. The key
``sceneorchestra.prompt_guide`` records which tool-guide detail the model was trained with (the
llama.cpp backend reads it, so the shipped model is prompted the way it was trained).

Reads only safetensors/config/tokenizer.json (no transformers import): numpy + gguf + safetensors.

    python training/export_gguf.py --ckpt out/training/models/dpo --out out/training/model.gguf --guide none
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import gguf
import numpy as np

try:
    from training import common as C
except ImportError:
    import common as C

from sceneorchestra_addon.agent.llama import GUIDE_KEY  # noqa: E402

Q8_0, Q4_K_M = 7, 15
HF_TO_GGUF = {
    "input_layernorm": "attn_norm",
    "post_attention_layernorm": "ffn_norm",
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}


def permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's converter permutation of q/k rows (per head: halves -> interleaved pairs)."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def load_weights(ckpt: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    weights = {}
    for f in sorted(ckpt.glob("*.safetensors")):
        weights.update({k: v.astype(np.float32) for k, v in load_file(str(f)).items()})
    if not weights:
        raise SystemExit(f"no *.safetensors in {ckpt}")
    return weights


def tokenizer_of(path: Path) -> tuple[list[str], list[int], list[str], int, int]:
    """Tokens by id, their gguf types, merges ('a b'), bos id, eos id from a tokenizer.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    vocab = dict(data["model"]["vocab"])
    for a in data.get("added_tokens", []):
        vocab[a["content"]] = a["id"]
    tokens = [""] * (max(vocab.values()) + 1)
    for t, i in vocab.items():
        tokens[i] = t
    special = {a["content"] for a in data.get("added_tokens", []) if a.get("special")}
    types = [gguf.TokenType.CONTROL if t in special else gguf.TokenType.NORMAL for t in tokens]
    merges = [m if isinstance(m, str) else " ".join(m) for m in data["model"]["merges"]]
    return tokens, types, merges, vocab["<s>"], vocab["</s>"]


def rope_theta(cfg: dict) -> float:
    if "rope_theta" in cfg:
        return float(cfg["rope_theta"])
    return float((cfg.get("rope_parameters") or {}).get("rope_theta", 10000.0))


def write_gguf(ckpt: Path, dest: Path, guide: str = C.DEFAULT_GUIDE, name: str = "sceneorchestra") -> Path:
    """The F32 GGUF of the Llama checkpoint in ``ckpt`` (config.json, *.safetensors, tokenizer.json)."""
    cfg = json.loads((ckpt / "config.json").read_text())
    if cfg.get("model_type") != "llama":
        raise SystemExit(f"{ckpt} is a {cfg.get('model_type')!r} model: this exporter writes Llama checkpoints (convert others with llama.cpp's converter)")
    weights = load_weights(ckpt)
    tokens, types, merges, bos, eos = tokenizer_of(ckpt / "tokenizer.json")
    n_head, n_kv = cfg["num_attention_heads"], cfg.get("num_key_value_heads") or cfg["num_attention_heads"]
    n_embd, n_vocab = cfg["hidden_size"], cfg["vocab_size"]
    if len(tokens) < n_vocab:  # embedding rows beyond the tokenizer: pad with unused tokens
        types += [gguf.TokenType.UNUSED] * (n_vocab - len(tokens))
        tokens += [f"[PAD{i}]" for i in range(len(tokens), n_vocab)]
    w = gguf.GGUFWriter(str(dest), "llama")
    w.add_name(name)
    w.add_context_length(cfg.get("max_position_embeddings", 2048))
    w.add_embedding_length(n_embd)
    w.add_block_count(cfg["num_hidden_layers"])
    w.add_feed_forward_length(cfg["intermediate_size"])
    w.add_head_count(n_head)
    w.add_head_count_kv(n_kv)
    w.add_rope_dimension_count(n_embd // n_head)
    w.add_rope_freq_base(rope_theta(cfg))
    w.add_layer_norm_rms_eps(cfg.get("rms_norm_eps", 1e-5))
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("gpt-2")
    w.add_token_list(tokens[:n_vocab])
    w.add_token_types(types[:n_vocab])
    w.add_token_merges(merges)
    w.add_bos_token_id(bos)
    w.add_eos_token_id(eos)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_string(GUIDE_KEY, guide)
    w.add_tensor("token_embd.weight", weights["model.embed_tokens.weight"])
    w.add_tensor("output_norm.weight", weights["model.norm.weight"])
    w.add_tensor("output.weight", weights.get("lm_head.weight", weights["model.embed_tokens.weight"]))
    for i in range(cfg["num_hidden_layers"]):
        for hf_name, g_name in HF_TO_GGUF.items():
            suffix = ".weight"
            t = weights[f"model.layers.{i}.{hf_name}{suffix}"]
            if g_name == "attn_q":
                t = permute(t, n_head)
            elif g_name == "attn_k":
                t = permute(t, n_kv)
            w.add_tensor(f"blk.{i}.{g_name}.weight", np.ascontiguousarray(t))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return dest


def quantize(src: Path, dest: Path, ftype: int = Q8_0) -> Path:
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(dest).encode(), params)
    if rc != 0:
        raise SystemExit(f"llama_model_quantize({src} -> {dest}) failed with code {rc}")
    return dest


def verify(path: Path, guide: str, instruction: str = "Design me a bedroom", n: int = 2) -> list[str]:
    """Load with the add-on's LlamaBackend and write ``n`` grammar-constrained trajectories (each
    parsed and executed; raises when one fails)."""
    from sceneorchestra_addon.agent.llama import LlamaBackend
    from sceneorchestra_addon.core import executor

    backend = LlamaBackend(path, guide=guide, n_ctx=4096, n_threads=1, max_tokens=1024)
    out = backend.generate(instruction, n=n, seed=0)
    for text in out:
        executor.run_text(text, seed=0)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ckpt", required=True, help="a Hugging Face Llama checkpoint folder")
    ap.add_argument("--out", required=True, help="the GGUF to write (Q8_0); the F32 file goes beside it as *.f32.gguf")
    ap.add_argument("--guide", default=C.DEFAULT_GUIDE, choices=("full", "compact", "none"))
    ap.add_argument("--ftype", type=int, default=Q8_0, help="7 = Q8_0, 15 = Q4_K_M, 0 = keep F32")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    f32 = out.with_suffix(".f32.gguf")
    with C.Timer("export"):
        write_gguf(Path(args.ckpt), f32 if args.ftype else out, args.guide)
        if args.ftype:
            quantize(f32, out, args.ftype)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    if not args.no_verify:
        with C.Timer("verify"):
            for text in verify(out, args.guide):
                print(text, "\n---")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
