"""Stage 5a: supervised fine-tuning with trl's SFTTrainer on prompt/completion JSONL files (loss on
the completion only; EOS appended to the completion).

``--init scratch`` builds a from-scratch tiny Llama (``--preset``) on our tokenizer; ``--init DIR``
continues from a checkpoint (the previous stage's output, as in the paper's stage chain);
``--base DIR --lora`` starts from a local Hugging Face checkpoint (e.g. Qwen3) with LoRA r=8 on all
linear layers (peft), using that checkpoint's own tokenizer. Resumable: a finished output folder
(config.json present) is kept unless ``--force``.

    python training/train_sft.py --out out/training --data step_sft,traj_sft --save sft --epochs 8
"""

from __future__ import annotations

import argparse
from pathlib import Path

try:
    from training import common as C
except ImportError:
    import common as C


def build_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out/training", help="the pipeline's output folder")
    ap.add_argument("--data", required=True, help="dataset names (files <out>/<name>.jsonl), comma separated")
    ap.add_argument("--save", required=True, help="checkpoint folder name under <out>/models/")
    ap.add_argument("--init", default="scratch", help='"scratch" or a checkpoint folder (name under <out>/models/ or a path)')
    ap.add_argument("--base", default=None, help="a local HF checkpoint to fine-tune with LoRA (overrides --init)")
    ap.add_argument("--lora", action="store_true")
    ap.add_argument("--preset", default="tiny", help="from-scratch size: nano, tiny, small")
    ap.add_argument("--context", type=int, default=2048)
    ap.add_argument("--max-length", type=int, default=1024, help="longest training sequence (tokens)")
    ap.add_argument("--epochs", type=float, default=8)
    ap.add_argument("--lr", type=float, default=1e-3, help="1e-3 suits a from-scratch tiny model; the paper's LoRA uses 1e-4")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true")
    return ap.parse_args(argv)


def resolve_checkpoint(out: Path, name: str) -> Path:
    p = out / "models" / name
    return p if p.exists() else Path(name)


def main(argv=None) -> int:
    args = build_args(argv)
    out = Path(args.out)
    dest = out / "models" / args.save
    if (dest / "config.json").exists() and not args.force:
        print(f"{dest} exists: kept (use --force to retrain)")
        return 0
    records = C.dataset_records(out, args.data)
    if not records:
        raise SystemExit(f"no examples in {args.data} under {out}: run training/build_datasets.py first (or lower its thresholds)")

    import torch
    from trl import SFTConfig, SFTTrainer

    from training import hf

    torch.set_num_threads(args.threads)
    if args.base:
        model, tok = hf.load_model(args.base, lora=args.lora), hf.load_tokenizer(Path(args.base))
    elif args.init == "scratch":
        tok = hf.load_tokenizer(out / "tokenizer" / "tokenizer.json")
        model = hf.new_model(tok, args.preset, args.context, args.seed)
    else:
        src = resolve_checkpoint(out, args.init)
        model, tok = hf.load_model(src, lora=args.lora), hf.load_tokenizer(src)
    print(f"SFT on {len(records)} examples from {args.data}; model {hf.n_params(model) / 1e6:.2f} M parameters")
    config = SFTConfig(**hf.trainer_args(args, dest), lr_scheduler_type="cosine", warmup_steps=10, completion_only_loss=True, packing=False,
                       dataloader_num_workers=0)
    trainer = SFTTrainer(model=model, args=config, train_dataset=hf.to_dataset(records, ("prompt", "completion")), processing_class=tok)
    hf.train_and_save(trainer, tok, dest, f"SFT {args.save}", C.Timer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
