"""Stage 4: a byte-level BPE tokenizer trained with HF ``tokenizers`` on the datasets' texts (and
the tool guides, so every guide detail tokenizes compactly), saved as ``tokenizer/tokenizer.json``.

Byte level (GPT-2's byte alphabet and pre-tokenizer regex), so any text encodes and a grammar can
force any character; ``<s>`` (id 0) and ``</s>`` (id 1) are the only special tokens; the
post-processor prepends ``<s>``. llama.cpp reads it as tokenizer model "gpt2", pre-tokenizer
"gpt-2" (see export_gguf.py).

    python training/tokenizer.py --out out/training --vocab 2048
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

try:
    from training import common as C
except ImportError:
    import common as C

from sceneorchestra_addon.agent import prompts

SPECIALS = ("<s>", "</s>")


def texts_of(out: Path) -> list[str]:
    texts = [prompts.tool_guide("full"), prompts.tool_guide("compact")]
    for path in sorted(out.glob("*.jsonl")):
        for r in C.read_jsonl(path):
            texts.extend(str(r[k]) for k in ("prompt", "completion", "chosen", "rejected", "instruction") if k in r)
            texts.extend(s["call"] + "  -> " + s["result"] for s in r.get("steps", ()))
    return texts


def train(texts: list[str], vocab_size: int = 2048) -> Tokenizer:
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=list(SPECIALS), initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 0)])
    return tok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training")
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    out = Path(args.out)
    path = out / "tokenizer" / "tokenizer.json"
    if path.exists() and not args.force:
        print(f"{path} exists: kept")
        return 0
    texts = texts_of(out)
    with C.Timer("tokenizer"):
        tok = train(texts, args.vocab)
    path.parent.mkdir(parents=True, exist_ok=True)
    tok.save(str(path))
    sample = prompts.trajectory_prompt("Design me a bedroom", guide="compact")
    print(f"vocab {tok.get_vocab_size()} from {len(texts)} texts -> {path}; compact-guide prompt = {len(tok.encode(sample).ids)} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
