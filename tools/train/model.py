"""Llama in plain PyTorch, exactly the block docs/generative-models.md describes: RMSNorm (eps 1e-5), RoPE on adjacent
pairs (2i, 2i+1) with theta_i = 10000^(-2i/head_dim) (llama.cpp's normal, non-NeoX rotation), causal multi-head
attention scaled by 1/sqrt(head_dim), SwiGLU feed-forward, no biases, untied output head."""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    dim: int
    layers: int
    heads: int
    ffn: int
    vocab: int = 512
    context: int = 256
    rope_base: float = 10000.0
    eps: float = 1e-5

    def as_dict(self):
        return asdict(self)


SIZES = {
    "small": Config(dim=128, layers=4, heads=4, ffn=384),
    "large": Config(dim=256, layers=8, heads=8, ffn=768),
}


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg, device=None):
    hd = cfg.dim // cfg.heads
    theta = cfg.rope_base ** (-torch.arange(0, hd, 2, dtype=torch.float64) / hd)  # [hd/2]
    ang = torch.arange(cfg.context, dtype=torch.float64)[:, None] * theta[None, :]  # [T, hd/2]
    return torch.cos(ang).float().to(device), torch.sin(ang).float().to(device)


def apply_rope(x, cos, sin):
    """x: [B, H, T, hd]; rotates the adjacent pairs (x[2i], x[2i+1]) by position * theta_i."""
    x0, x1 = x[..., 0::2], x[..., 1::2]
    r0 = x0 * cos - x1 * sin
    r1 = x0 * sin + x1 * cos
    return torch.stack((r0, r1), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg.dim
        self.heads = cfg.heads
        self.attn_norm = RMSNorm(d, cfg.eps)
        self.wq = nn.Linear(d, d, bias=False)
        self.wk = nn.Linear(d, d, bias=False)
        self.wv = nn.Linear(d, d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d, cfg.eps)
        self.w_gate = nn.Linear(d, cfg.ffn, bias=False)
        self.w_up = nn.Linear(d, cfg.ffn, bias=False)
        self.w_down = nn.Linear(cfg.ffn, d, bias=False)

    def forward(self, x, cos, sin, mask):
        B, T, D = x.shape
        H, hd = self.heads, D // self.heads
        h = self.attn_norm(x)
        q = self.wq(h).view(B, T, H, hd).transpose(1, 2)
        k = self.wk(h).view(B, T, H, hd).transpose(1, 2)
        v = self.wv(h).view(B, T, H, hd).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        att = ((q * (1.0 / math.sqrt(hd))) @ k.transpose(-2, -1) + mask).softmax(-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, D)
        x = x + self.wo(y)
        h = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(h)) * self.w_up(h))


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab, cfg.dim)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.dim, cfg.eps)
        self.output = nn.Linear(cfg.dim, cfg.vocab, bias=False)
        cos, sin = rope_tables(cfg)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        self.apply(self._init)
        for b in self.blocks:  # GPT-2 style: residual projections scaled down with depth
            nn.init.normal_(b.wo.weight, std=0.02 / math.sqrt(2 * cfg.layers))
            nn.init.normal_(b.w_down.weight, std=0.02 / math.sqrt(2 * cfg.layers))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, idx):
        B, T = idx.shape
        assert T <= self.cfg.context
        x = self.tok_emb(idx)
        cos, sin = self.cos[:T], self.sin[:T]
        mask = torch.full((T, T), float("-inf"), device=idx.device).triu(1)  # additive causal mask
        for b in self.blocks:
            x = b(x, cos, sin, mask)
        return self.output(self.norm(x))

    def parameter_count(self):
        return sum(p.numel() for p in self.parameters())

    @torch.no_grad()
    def greedy(self, prompt, n):
        """Greedy continuation (argmax, no sampling) of a list of token ids; returns the n new ids."""
        ids = list(prompt)
        for _ in range(n):
            logits = self(torch.tensor([ids[-self.cfg.context:]]))[0, -1]
            ids.append(int(torch.argmax(logits)))
        return ids[len(prompt):]


def expected_parameters(cfg):
    per_layer = 4 * cfg.dim * cfg.dim + 3 * cfg.dim * cfg.ffn + 2 * cfg.dim
    return 2 * cfg.vocab * cfg.dim + cfg.layers * per_layer + cfg.dim


def load_checkpoint(path):
    ck = torch.load(path, map_location="cpu")
    model = Llama(Config(**ck["config"]))
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck
