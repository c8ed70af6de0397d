"""Term vectors of segments and topic profiles, kept sparse (triplets) so a 3-hour recording stays cheap."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .text import content_stems


@dataclass
class TermMatrix:
    """Segments x stems, TF-IDF weighted and L2-normalised per segment, as (rows, cols, vals) triplets."""

    vocab: dict[str, int]
    idf: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    n_rows: int

    @classmethod
    def build(cls, seg_stems: list[list[str]], extra_terms: list[list[str]]) -> "TermMatrix":
        vocab: dict[str, int] = {}
        df: Counter[str] = Counter()
        for stems in seg_stems:
            df.update(set(stems))
        for terms in extra_terms:
            for t in terms:
                vocab.setdefault(t, len(vocab))
        for t in df:
            vocab.setdefault(t, len(vocab))
        n = max(1, len(seg_stems))
        idf = np.zeros(len(vocab))
        for t, j in vocab.items():
            # Rare terms are topical, but a stem seen once may be a recogniser error: cap the weight.
            idf[j] = min(math.log((n + 1) / (df.get(t, 0) + 1)), math.log(n / 2 + 1)) + 0.1
        rows, cols, vals = [], [], []
        for i, stems in enumerate(seg_stems):
            tf = Counter(stems)
            if not tf:
                continue
            ws = [(vocab[t], (1 + math.log(c)) * idf[vocab[t]]) for t, c in tf.items()]
            norm = math.sqrt(sum(w * w for _, w in ws)) or 1.0
            for j, w in ws:
                rows.append(i)
                cols.append(j)
                vals.append(w / norm)
        return cls(vocab, idf, np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
                   np.array(vals, dtype=float), len(seg_stems))

    def project(self, profiles: np.ndarray) -> np.ndarray:
        """Dot product of every segment with every profile (profiles: K x V) -> n x K."""
        out = np.zeros((self.n_rows, profiles.shape[0]))
        if len(self.rows):
            np.add.at(out, self.rows, self.vals[:, None] * profiles[:, self.cols].T)
        return out

    def centroid(self, weights: np.ndarray) -> np.ndarray:
        """Weighted mean of segment vectors (weights: n) -> V."""
        total = weights.sum()
        if total <= 0:
            return np.zeros(len(self.vocab))
        return np.bincount(self.cols, weights=self.vals * weights[self.rows], minlength=len(self.vocab)) / total

    def query(self, stems: list[str], factors: dict[str, float] | None = None) -> np.ndarray:
        vec = np.zeros(len(self.vocab))
        for t, c in Counter(stems).items():
            if t in self.vocab:
                vec[self.vocab[t]] += (1 + math.log(c)) * self.idf[self.vocab[t]] * (factors or {}).get(t, 1.0)
        return _unit(vec)


def _unit(vec: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec


def contrastive(inside: np.ndarray, overall: np.ndarray, keep: int = 80) -> np.ndarray:
    """What is typical of a chapter compared with the whole recording: its mean minus the global mean,
    reduced to its strongest terms so one chapter's incidental words do not leak into the profile."""
    diff = np.clip(inside - overall, 0.0, None)
    if np.count_nonzero(diff) > keep:
        cut = np.partition(diff, -keep)[-keep]
        diff[diff < cut] = 0.0
    return _unit(diff)


def smooth(values: np.ndarray, starts: np.ndarray, half_width: float) -> np.ndarray:
    """Triangular smoothing in time (not in segment count), along axis 0 of an n x K array."""
    n = len(starts)
    out = np.zeros_like(values)
    norm = np.zeros(n)
    max_off = 1
    while max_off < n and np.any(starts[max_off:] - starts[:-max_off] < half_width):
        max_off += 1
    for off in range(-max_off + 1, max_off):
        lo, hi = max(0, -off), min(n, n - off)
        if lo >= hi:
            continue
        dist = np.abs(starts[lo + off:hi + off] - starts[lo:hi])
        w = np.clip(1.0 - dist / half_width, 0.0, None)
        out[lo:hi] += w[:, None] * values[lo + off:hi + off]
        norm[lo:hi] += w
    return out / np.maximum(norm, 1e-9)[:, None]


def segment_stems(texts: list[str]) -> list[list[str]]:
    return [content_stems(t) for t in texts]
