#!/usr/bin/python3
"""A minimal GGUF v3 writer (and reader) of our own, for the layout of docs/generative-models.md.

    python3 export_gguf.py --size small            # OUT/kjv-small.pt -> OUT/kjv-small.gguf, matrices F32
    python3 export_gguf.py --size large --f16      # OUT/kjv-large.pt -> OUT/kjv-large.gguf, matrices F16

File: magic "GGUF", version 3, tensor count, KV count (u64), the KV pairs, the tensor infos (name, dims innermost
first, type, offset), padding to 32 bytes, then the tensor data, each tensor starting on a 32-byte boundary.
torch's Linear weight [out, in] is row-major, which GGUF lists as [ne0 = in, ne1 = out]: the bytes go out unchanged.
Norm weights are always F32. No permutation of attn_q / attn_k: training used the same adjacent-pair RoPE.
"""
import argparse
import os
import struct

import numpy as np
import torch

from bpe import Tokenizer
from model import Config, Llama, load_checkpoint

ALIGN = 32
T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, T_U64, T_I64, T_F64 = range(13)
GGML_F32, GGML_F16 = 0, 1
SCALAR = {T_U8: "<B", T_I8: "<b", T_U16: "<H", T_I16: "<h", T_U32: "<I", T_I32: "<i", T_F32: "<f", T_BOOL: "<?",
          T_U64: "<Q", T_I64: "<q", T_F64: "<d"}


def _str(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(vtype, v):
    if vtype == T_STR:
        return _str(v)
    return struct.pack(SCALAR[vtype], v)


def write_gguf(path, kv, tensors):
    """kv: [(key, type, value)] with value a list and type (T_ARR, elem type) for arrays;
    tensors: [(name, numpy array (row-major, outermost first), ggml type)]."""
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", 3, len(tensors), len(kv))
    for key, vtype, v in kv:
        out += _str(key)
        if isinstance(vtype, tuple):
            out += struct.pack("<IIQ", T_ARR, vtype[1], len(v))
            for e in v:
                out += _value(vtype[1], e)
        else:
            out += struct.pack("<I", vtype) + _value(vtype, v)
    blobs, offset = [], 0
    for name, arr, gtype in tensors:
        data = np.ascontiguousarray(arr, dtype=np.float32 if gtype == GGML_F32 else np.float16).tobytes()
        dims = list(reversed(arr.shape))  # innermost first
        out += _str(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", gtype, offset)
        blobs.append(data)
        offset += len(data) + (-len(data)) % ALIGN
    out += b"\0" * ((-len(out)) % ALIGN)
    for data in blobs:
        out += data + b"\0" * ((-len(data)) % ALIGN)
    with open(path, "wb") as f:
        f.write(out)
    return len(out)


def read_gguf(path):
    """Returns (kv dict, {name: numpy float32 array in row-major [.., ne1, ne0] shape}); for checks and evaluate.py."""
    buf = open(path, "rb").read()
    pos = 0

    def take(fmt):
        nonlocal pos
        v = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return v if len(v) > 1 else v[0]

    def rstr():
        nonlocal pos
        n = take("<Q")
        s = buf[pos:pos + n].decode("utf-8")
        pos += n
        return s

    def rval(t):
        if t == T_STR:
            return rstr()
        if t == T_ARR:
            et, n = take("<IQ")
            return [rval(et) for _ in range(n)]
        return take(SCALAR[t])

    assert buf[:4] == b"GGUF"
    pos = 4
    version, n_t, n_kv = take("<IQQ")
    assert version == 3
    kv = {}
    for _ in range(n_kv):
        k = rstr()
        kv[k] = rval(take("<I"))
    infos = []
    for _ in range(n_t):
        name = rstr()
        nd = take("<I")
        dims = [take("<Q") for _ in range(nd)]
        gtype, off = take("<IQ")
        infos.append((name, dims, gtype, off))
    start = pos + (-pos) % kv.get("general.alignment", ALIGN)
    tensors = {}
    for name, dims, gtype, off in infos:
        dt = np.float32 if gtype == GGML_F32 else np.float16
        n = int(np.prod(dims))
        a = np.frombuffer(buf, dtype=dt, count=n, offset=start + off)
        tensors[name] = a.astype(np.float32).reshape(list(reversed(dims)))
    return kv, tensors


# GGUF name -> our state_dict name, per layer where it has {n}
NAMES = [("token_embd.weight", "tok_emb.weight")] + [
    ("blk.{n}." + g, "blocks.{n}." + t) for g, t in (
        ("attn_norm.weight", "attn_norm.weight"), ("attn_q.weight", "wq.weight"), ("attn_k.weight", "wk.weight"),
        ("attn_v.weight", "wv.weight"), ("attn_output.weight", "wo.weight"), ("ffn_norm.weight", "ffn_norm.weight"),
        ("ffn_gate.weight", "w_gate.weight"), ("ffn_up.weight", "w_up.weight"), ("ffn_down.weight", "w_down.weight"))
] + [("output_norm.weight", "norm.weight"), ("output.weight", "output.weight")]


def name_pairs(layers):
    for g, t in NAMES:
        if "{n}" in g:
            for n in range(layers):
                yield g.format(n=n), t.format(n=n)
        else:
            yield g, t


def export(model, tok, path, f16, name, description):
    cfg = model.cfg
    sd = model.state_dict()
    mtype = GGML_F16 if f16 else GGML_F32
    tensors = []
    for g, t in name_pairs(cfg.layers):
        a = sd[t].detach().cpu().float().numpy()
        tensors.append((g, a, GGML_F32 if a.ndim == 1 else mtype))
    types = [1] * (tok.vocab_size - 1) + [3]
    kv = [
        ("general.architecture", T_STR, "llama"),
        ("general.name", T_STR, name),
        ("general.license", T_STR, "CC0-1.0"),
        ("general.description", T_STR, description),
        ("general.file_type", T_U32, 1 if f16 else 0),
        ("general.alignment", T_U32, ALIGN),
        ("llama.context_length", T_U32, cfg.context),
        ("llama.embedding_length", T_U32, cfg.dim),
        ("llama.block_count", T_U32, cfg.layers),
        ("llama.feed_forward_length", T_U32, cfg.ffn),
        ("llama.attention.head_count", T_U32, cfg.heads),
        ("llama.attention.head_count_kv", T_U32, cfg.heads),
        ("llama.rope.dimension_count", T_U32, cfg.dim // cfg.heads),
        ("llama.rope.freq_base", T_F32, cfg.rope_base),
        ("llama.attention.layer_norm_rms_epsilon", T_F32, cfg.eps),
        ("llama.vocab_size", T_U32, cfg.vocab),
        ("tokenizer.ggml.model", T_STR, "gpt2"),
        ("tokenizer.ggml.pre", T_STR, "gpt-2"),
        ("tokenizer.ggml.tokens", (T_ARR, T_STR), tok.tokens()),
        ("tokenizer.ggml.token_type", (T_ARR, T_I32), types),
        ("tokenizer.ggml.merges", (T_ARR, T_STR), tok.merge_strings()),
        ("tokenizer.ggml.bos_token_id", T_U32, tok.eot),
        ("tokenizer.ggml.eos_token_id", T_U32, tok.eot),
        ("tokenizer.ggml.add_bos_token", T_BOOL, False),
        ("tokenizer.ggml.add_eos_token", T_BOOL, False),
    ]
    return write_gguf(path, kv, tensors)


def model_from_gguf(path):
    """A torch Llama holding exactly the weights of a GGUF file written by export() (F16 widened to F32)."""
    kv, tensors = read_gguf(path)
    cfg = Config(dim=kv["llama.embedding_length"], layers=kv["llama.block_count"],
                 heads=kv["llama.attention.head_count"], ffn=kv["llama.feed_forward_length"],
                 vocab=kv["llama.vocab_size"], context=kv["llama.context_length"],
                 rope_base=kv["llama.rope.freq_base"], eps=kv["llama.attention.layer_norm_rms_epsilon"])
    model = Llama(cfg)
    model.load_state_dict({t: torch.from_numpy(tensors[g].copy()) for g, t in name_pairs(cfg.layers)})
    model.eval()
    return model, kv


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", required=True)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--f16", action="store_true", help="matrices as F16 (norms stay F32)")
    args = ap.parse_args()
    model, ck = load_checkpoint(os.path.join(args.out, "kjv-%s.pt" % args.size))
    tok = Tokenizer.load(os.path.join(args.out, "tokenizer.json"))
    cfg, tr = model.cfg, ck["train"]
    desc = ("Joulebench kjv-%s: Llama (dim %d, %d layers, %d heads, ffn %d, context %d, %d parameters) trained by "
            "Joulebench tools/train on the King James Bible (public domain; Debian bible-kjv-text), held-out books "
            "excluded; byte-level BPE vocabulary %d; %d steps x %d x %d tokens."
            % (args.size, cfg.dim, cfg.layers, cfg.heads, cfg.ffn, cfg.context, model.parameter_count(),
               cfg.vocab, tr["steps"], tr["batch"], tr["seq"]))
    path = os.path.join(args.out, "kjv-%s.gguf" % args.size)
    size = export(model, tok, path, args.f16, "kjv-%s" % args.size, desc)
    # Round trip: the reader gives back the weights (F16: the F16-rounded ones).
    back, kv = model_from_gguf(path)
    for (k, a), b in zip(model.state_dict().items(), back.state_dict().values()):
        ref = a.half().float() if (args.f16 and a.dim() == 2) else a
        assert torch.equal(ref, b), k
    assert kv["tokenizer.ggml.tokens"] == tok.tokens() and kv["tokenizer.ggml.merges"] == tok.merge_strings()
    print("wrote %s: %d bytes, %s matrices" % (path, size, "F16" if args.f16 else "F32"))


if __name__ == "__main__":
    main()
