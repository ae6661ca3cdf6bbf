#!/usr/bin/python3
"""Trains one of the two KJV models on OUT/train.tsv with OUT/tokenizer.json (run prepare.py and bpe.py first).

Data: each training book is encoded on its own and followed by <|endoftext|>; the books are concatenated into one
token stream, and each step draws BATCH random windows of SEQ+1 tokens from it (fixed seed). AdamW (betas 0.9/0.95,
weight decay 0.1 on matrices only), linear warm-up then cosine decay to 10 % of the peak rate, gradients clipped at
1.0.

    python3 train.py --size small --threads 1   # and --size large, in parallel
"""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from bpe import Tokenizer
from model import SIZES, Llama, expected_parameters
from prepare import book_text, load_split

# Sized for a 2-core CPU shared with other work: both runs in parallel, one thread each, in about 45 minutes.
DEFAULTS = {  # steps, batch (sequences), seq (tokens), peak learning rate
    "small": dict(steps=1500, batch=8, seq=256, lr=3e-3),
    "large": dict(steps=800, batch=4, seq=256, lr=1.5e-3),
}


def token_stream(books, tok):
    ids = []
    for _, verses in books:
        ids.extend(tok.encode(book_text(verses)))
        ids.append(tok.eot)
    return torch.tensor(ids, dtype=torch.long)


def lr_at(step, steps, peak, warmup, progress=None):
    """Linear warm-up, then cosine to 10 % of peak. progress (0..1), when given, replaces the step fraction."""
    if step < warmup:
        return peak * (step + 1) / warmup
    p = progress if progress is not None else (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))


def save(args, cfg, model, losses, steps, batch, seq, peak, wall, prior, n_params, n_data):
    """Write the checkpoint and the loss curve (atomically, so a run stopped mid-save leaves the last good one)."""
    final = sum(losses[-50:]) / max(1, len(losses[-50:]))
    path = os.path.join(args.out, "kjv-%s.pt" % args.size)
    torch.save({"config": cfg.as_dict(), "model": model.state_dict(),
                "train": {"steps": steps, "batch": batch, "seq": seq, "tokens_seen": steps * batch * seq,
                          "peak_lr": peak, "warmup": args.warmup, "seed": args.seed, "wall_s": round(wall, 1),
                          "threads": torch.get_num_threads(), "final_loss": round(final, 4),
                          "train_tokens": n_data, "parameters": n_params,
                          "optimiser": "AdamW betas (0.9, 0.95), weight decay 0.1 on matrices, eps 1e-8, "
                                       "grad clip 1.0, %d warm-up steps, cosine to 10 %%" % args.warmup,
                          "continued_from": prior,
                          "tokens_seen_total": steps * batch * seq + (prior["tokens_seen_total"] if prior and
                                                                      "tokens_seen_total" in prior else
                                                                      prior["tokens_seen"] if prior else 0)}}, path + ".tmp")
    os.replace(path + ".tmp", path)
    with open(os.path.join(args.out, "kjv-%s.losses.json" % args.size), "w") as f:
        json.dump(losses, f)
    return path


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=SIZES, required=True)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--steps", type=int)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--seq", type=int)
    ap.add_argument("--lr", type=float)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=0, help="torch threads; 0 leaves torch's default")
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--dry-run", action="store_true", help="run the steps but save nothing")
    ap.add_argument("--init-from", help="continue training from this checkpoint (weights only; a fresh schedule)")
    ap.add_argument("--time-budget-min", type=float,
                    help="size the run to this many minutes: time the first 10 steps, then fix the step count")
    ap.add_argument("--wall-clock-min", type=float,
                    help="train for this many minutes of wall time, the cosine schedule following elapsed time, so "
                         "a machine shared with other work only shortens the run; saves a checkpoint every "
                         "--save-every steps")
    ap.add_argument("--save-every", type=int, default=100)
    args = ap.parse_args()
    d = DEFAULTS[args.size]
    steps = args.steps or d["steps"]
    batch = args.batch or d["batch"]
    seq = args.seq or d["seq"]
    peak = args.lr or d["lr"]
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))
    cfg = SIZES[args.size]
    assert cfg.vocab == tok.vocab_size and seq <= cfg.context
    data = token_stream(load_split(os.path.join(args.out, "train.tsv")), tok)
    model = Llama(cfg)
    prior = None
    if args.init_from:
        ckpt = torch.load(args.init_from)
        assert ckpt["config"] == cfg.as_dict(), "checkpoint is of another shape"
        model.load_state_dict(ckpt["model"])
        prior = ckpt["train"]
        print("continuing from %s (%d tokens seen before)" % (args.init_from, prior["tokens_seen"]), flush=True)
    n_params = model.parameter_count()
    assert n_params == expected_parameters(cfg)
    print("size %s: %s, %d parameters; %d training tokens; %d steps x %d x %d tokens = %d tokens seen; threads %d"
          % (args.size, cfg.as_dict(), n_params, len(data), steps, batch, seq, steps * batch * seq,
             torch.get_num_threads()), flush=True)

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=peak, betas=(0.9, 0.95), eps=1e-8)
    gen = torch.Generator().manual_seed(args.seed)
    losses = []
    t0 = time.time()
    model.train()
    step = 0
    if args.wall_clock_min:
        steps = 10 ** 9
    while step < steps:
        progress = None
        if args.wall_clock_min:
            budget = args.wall_clock_min * 60
            progress = (time.time() - t0) / budget
            if progress >= 1.0:
                steps = step
                break
            if step > 0 and step % args.save_every == 0 and not args.dry_run:
                save(args, cfg, model, losses, step, batch, seq, peak, time.time() - t0, prior, n_params, len(data))
        if args.time_budget_min and step == 10:
            per_step = (time.time() - t0) / 10
            steps = max(11, int(args.time_budget_min * 60 / per_step))
            print("time budget %.1f min at %.2f s/step: %d steps" % (args.time_budget_min, per_step, steps), flush=True)
        lr = lr_at(step, steps, peak, args.warmup, progress)
        for g in opt.param_groups:
            g["lr"] = lr
        starts = torch.randint(0, len(data) - seq - 1, (batch,), generator=gen)
        x = torch.stack([data[s:s + seq] for s in starts.tolist()])
        y = torch.stack([data[s + 1:s + seq + 1] for s in starts.tolist()])
        loss = F.cross_entropy(model(x).view(-1, cfg.vocab), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
        if (step + 1) % args.log_every == 0 or step == 0 or step + 1 == steps:
            el = time.time() - t0
            print("step %5d/%d  loss %.4f  (mean of last %d: %.4f)  lr %.2e  %.1f s  %.2f s/step"
                  % (step + 1, steps if steps < 10 ** 9 else 0, losses[-1], min(50, len(losses)), sum(losses[-50:]) / len(losses[-50:]),
                     lr, el, el / (step + 1)), flush=True)
        step += 1
    wall = time.time() - t0
    final = sum(losses[-50:]) / len(losses[-50:])
    print("done: %d steps in %.1f s; final train loss (mean of last 50 steps) %.4f nats/token" % (steps, wall, final))
    if args.dry_run:
        return
    path = save(args, cfg, model, losses, steps, batch, seq, peak, wall, prior, n_params, len(data))
    print("saved", path)


if __name__ == "__main__":
    main()
