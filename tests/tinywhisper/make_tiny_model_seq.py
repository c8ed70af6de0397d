"""'Sequence script' tiny Whisper (CTranslate2 format, numpy-only build).

With faster-whisper's sequential transcribe and condition_on_previous_text=True (default), each
decoding window emits the NEXT sentence of a list given at build time:
  window 1 (no prompt)                      -> sentence 1
  window k (prompt holds sentences .. k-1)  -> sentence k
  after the last sentence                   -> the last sentence again (documented choice)
Each window's output is  <|lead|> S_k<|end_k|><|end_k|><|endoftext|>  with end_k = lead+dur_k+tail:
the trailing timestamp PAIR makes faster-whisper seek exactly to end_k (a single final timestamp
would skip the rest of the 30 s window). So sentence k is at
  [sum(end_1..end_{k-1}) + lead, sum(end_1..end_k)]   (in VAD-concatenated time when vad_filter=True).

Mechanism (decoder, 2 layers; encoder output = LayerNorm(sinusoid positions), audio-independent):
  * layer-0 self-attention head 0: <|notimestamps|> detector (as in make_tiny_model.py);
  * layer-0 self-attention head 1: 'signature' head. Each sentence's first token is made globally
    unique (re-segmented if needed); the head scores signature j with A + C*j (SOT = j 0), so it
    copies the id of the HIGHEST sentence present in the context (prompt + output) into the
    residual stream as direction w_j.
  * layer-0 FFN: AND-gates (sentence j, current token v) -> next token direction (so tokens may
    repeat across sentences; repeats inside a sentence are re-segmented into other tokens that
    decode to the same text) + the cross-attention query used for word alignment; plus per-token
    units that cancel the input-token direction.
  * layer-1 cross-attention head 0 = alignment head (word timestamps inside the segment).
"""

import json
import os
import time

import numpy as np
from ctranslate2.specs import whisper_spec
from tokenizers import Tokenizer

from .make_tiny_model import N_AUDIO_CTX, N_TEXT_CTX, _layer_norm, save, sinusoids

DEMO_SENTENCES = [
    " Bonjour à tous et bienvenue.",
    " Il fait beau aujourd'hui!",
    " Quels sont les ressorts de l’action publique en faveur du logement permettant de combattre"
    " les discriminations systémiques ?",
    " La séance est ouverte.",
    " Nous passons au vote.",
    " Merci et au revoir.",
]


def _resegment(piece, vocab, forbidden):
    """Split byte-level token string `piece` into >= 2 vocab pieces none of which is forbidden
    (fewest pieces first). Returns list of ids or None."""
    best = None
    n = len(piece)

    def dfs(i, acc):
        nonlocal best
        if best is not None and len(acc) >= len(best):
            return
        if i == n:
            if len(acc) >= 2:
                best = list(acc)
            return
        for j in range(n, i, -1):
            sub = piece[i:j]
            if (i, j) == (0, n):
                continue
            tid = vocab.get(sub)
            if tid is not None and tid not in forbidden and tid not in acc:
                acc.append(tid)
                dfs(j, acc)
                acc.pop()

    dfs(0, [])
    return best


def tokenize_script(tok, sentences, suppressed, avoid=()):
    """Token ids per sentence such that (1) the first token of each sentence (its 'signature')
    occurs nowhere else in the script, (2) no token repeats inside a sentence, (3) no token is
    suppressed. Decoding each list gives back exactly the sentence text."""
    vocab = tok.get_vocab(with_added_tokens=False)
    id2s = {v: k for k, v in vocab.items()}
    seqs = [tok.encode(s, add_special_tokens=False).ids for s in sentences]
    # (1) signatures
    sigs = []
    for j, ids in enumerate(seqs):
        # `avoid`: tokens of prompts the model will be given; a signature there would derail the script
        others = {t for i, o in enumerate(seqs) for t in (o if i != j else o[1:])} | set(sigs) | set(avoid)
        if ids[0] in others or ids[0] in suppressed:
            forb = others | set(suppressed)
            alt = _resegment(id2s[ids[0]], vocab, forb)
            assert alt, f"cannot make a unique signature for sentence {j}"
            seqs[j] = ids = alt + ids[1:]
        sigs.append(ids[0])
    # (2)+(3) within-sentence repeats / suppressed tokens
    for j, ids in enumerate(seqs):
        out, used = [], set()
        for t in ids:
            if t in used or t in suppressed or (t in sigs and t != sigs[j]) or (out and t == sigs[j]):
                alt = _resegment(id2s[t], vocab, used | set(suppressed) | set(sigs))
                assert alt, f"cannot re-segment {id2s[t]!r} in sentence {j}"
                out += alt
                used |= set(alt)
            else:
                out.append(t)
                used.add(t)
        seqs[j] = out
        assert tok.decode(out) == sentences[j], (tok.decode(out), sentences[j])
        assert len(set(out)) == len(out)
    assert len(set(sigs)) == len(sigs)
    for j, ids in enumerate(seqs):
        for i, o in enumerate(seqs):
            assert sigs[j] not in (o if i != j else o[1:])
    return seqs, sigs


def default_duration(text):
    return max(1.0, round(0.07 * len(text.strip()) / 0.2) * 0.2)


def build(out_dir, tokenizer_json, sentences=DEMO_SENTENCES, durations=None, prompts=(), lead=0.4, tail=0.4,
          quantization="int8", seed=0, force=True, n_heads=4):
    t0 = time.time()
    tok = Tokenizer.from_file(tokenizer_json)
    V = tok.get_vocab_size(with_added_tokens=True)
    tid = tok.token_to_id
    from faster_whisper.tokenizer import Tokenizer as FWTokenizer

    fw = FWTokenizer(tok, multilingual=True, task="transcribe", language="fr")
    suppressed = set(fw.non_speech_tokens)
    avoid = set()
    for text in prompts:  # whole prompts and each word, since BPE boundaries depend on neighbours
        for piece in [text] + [" " + w for w in text.split()] + text.split():
            avoid |= set(tok.encode(piece, add_special_tokens=False).ids)
    seqs, sigs = tokenize_script(tok, sentences, suppressed, avoid)
    N = len(sentences)
    durations = durations or [default_duration(s) for s in sentences]
    ts = lambda t: tid("<|%.2f|>" % (round(t / 0.02) * 0.02))  # noqa: E731
    EOT, SOT, NTS = tid("<|endoftext|>"), tid("<|startoftranscript|>"), tid("<|notimestamps|>")
    FR, TR, TL = tid("<|fr|>"), tid("<|transcribe|>"), tid("<|translate|>")
    TS0 = tid("<|0.00|>")
    LEAD = ts(lead)
    ends = [ts(lead + dur + tail) for dur in durations]
    assert all(e < ts(30.0) for e in ends) and LEAD < min(ends)
    nxt = lambda j: min(j + 1, N)  # noqa: E731  (sentence index 1..N; after N: N again)

    # ---- transitions: (sentence_or_None, input_token) -> [(next, logit)] + alignment time ----
    gated = {}  # (j, v) -> ([(next, logit)], align_time)
    free = {}  # v -> [(next, logit)]   (any sentence)
    free[SOT] = [(FR, 30.0)]
    free[FR] = [(TR, 30.0)]
    free[TR] = [(LEAD, 30.0)]
    free[TL] = [(LEAD, 30.0)]
    for e in set(ends):
        free[e] = [(e, 30.0), (EOT, 25.0)]  # -> <|e|><|e|> (pair => seek to e), then EOT
    for j in range(0, N + 1):  # j = highest sentence present in the context (0: none)
        k = nxt(j)
        first = seqs[k - 1][0]
        gated[(j, LEAD)] = ([(first, 30.0)], lead)
        gated[(j, NTS)] = ([(first, 30.0)], lead)
    for k in range(1, N + 1):
        ids = seqs[k - 1]
        s_, e_ = lead, lead + durations[k - 1]
        step = (e_ - s_) / len(ids)
        E = e_ + tail  # window end; DTW puts the last word's end midway between the last
        t_last = s_ + (len(ids) - 1) * step  # text row and the EOT row -> aim EOT row at 2E-t_last
        times = [s_ + i * step for i in range(len(ids))] + [min(2 * E - t_last, 29.98)]
        for i, v in enumerate(ids[:-1]):
            gated[(k, v)] = ([(ids[i + 1], 30.0)], times[i + 1])
        gated[(k, ids[-1])] = ([(ends[k - 1], 30.0), (EOT, 20.0)], times[-1])
    # filler chain for beam-search side beams (as in make_tiny_model.add_filler_chain)
    used = {v for _, v in gated} | {t for g in gated.values() for t, _ in g[0]} | set(free)
    used |= {t for g in free.values() for t, _ in g} | suppressed
    pool = [i for i in range(1000, EOT) if i not in used][:32]
    entries, chain = pool[:8], pool[8:]
    for e in entries:
        free[e] = [(chain[0], 30.0)]
    for a, b in zip(chain, chain[1:]):
        free[a] = [(b, 30.0)]
    free[chain[-1]] = [(EOT, 30.0)]

    U = sorted({v for _, v in gated} | set(free) | {t for g in gated.values() for t, _ in g[0]}
               | {t for g in free.values() for t, _ in g})
    hd_needed = max(64, N + 2)
    need = len(U) + (N + 1) + 2 + hd_needed + 2
    d = 64 * int(np.ceil(need / (0.75 * 64)))  # hd = d/4 >= Q-subspace size
    hd = d // n_heads
    rng = np.random.default_rng(seed)
    m = rng.standard_normal((d, len(U) + (N + 1) + 2 + hd))
    m -= m.mean(axis=0, keepdims=True)
    q, _ = np.linalg.qr(m)
    col = iter(range(q.shape[1]))
    u = {t: q[:, next(col)] for t in U}
    w = [q[:, next(col)] for _ in range(N + 1)]
    u_default, u_mode = q[:, next(col)], q[:, next(col)]
    Q = np.stack([q[:, next(col)] for _ in range(hd)], 1)  # (d, hd) alignment-query subspace

    spec = whisper_spec.WhisperSpec(1, n_heads, 2, n_heads)
    f32 = lambda a: np.asarray(a, np.float32)  # noqa: E731
    Z = lambda *s: np.zeros(s, np.float32)  # noqa: E731

    def ln(s):
        s.gamma, s.beta = np.ones(d, np.float32), Z(d)

    def zero_ffn(s, ff=4 * d):
        ln(s.layer_norm)
        s.linear_0.weight, s.linear_0.bias = Z(ff, d), Z(ff)
        s.linear_1.weight, s.linear_1.bias = Z(d, ff), Z(d)

    def zero_sa(s):
        ln(s.layer_norm)
        s.linear[0].weight, s.linear[0].bias = Z(3 * d, d), Z(3 * d)
        s.linear[1].weight, s.linear[1].bias = Z(d, d), Z(d)

    def zero_ca(s):
        ln(s.layer_norm)
        s.linear[0].weight, s.linear[0].bias = Z(d, d), Z(d)
        s.linear[1].weight, s.linear[1].bias = Z(2 * d, d), Z(2 * d)
        s.linear[2].weight, s.linear[2].bias = Z(d, d), Z(d)

    # ---- encoder: output = LayerNorm(sinusoids) whatever the audio ----
    enc = spec.encoder
    enc.conv1.weight, enc.conv1.bias = Z(d, 80, 3), Z(d)
    enc.conv2.weight, enc.conv2.bias = Z(d, d, 3), Z(d)
    enc.position_encodings.encodings = sinusoids(N_AUDIO_CTX, d)
    ln(enc.layer_norm)
    for layer in enc.layer:
        zero_sa(layer.self_attention)
        zero_ffn(layer.ffn, 4)

    dec = spec.decoder
    dec.position_encodings.encodings = Z(N_TEXT_CTX, d)
    ln(dec.layer_norm)
    L0, L1 = dec.layer
    for layer in dec.layer:
        zero_sa(layer.self_attention)
        zero_ca(layer.attention)
    zero_ffn(L1.ffn, 4)

    S = 50.0  # embedding scale
    emb = np.tile(S * u_default, (V, 1)).astype(np.float32)
    for t in U:
        emb[t] = S * u[t]
    sq = np.sqrt(d)

    # layer-0 SA: head 0 = <|notimestamps|> detector -> +25 u_mode ; head 1 = signature head
    wqkv, bqkv, wo = Z(3 * d, d), Z(3 * d), Z(d, d)
    bqkv[0] = 15.0
    wqkv[d] = 4.0 * u[NTS] / sq
    wqkv[2 * d] = 5.0 * u[NTS] / sq
    wo[:, 0] = 5.0 * u_mode
    A, C = 20.0, 10.0
    h1 = hd
    bqkv[h1] = np.sqrt(hd)  # q: constant, score = key channel 0
    markers = [(0, SOT)] + [(j + 1, s_) for j, s_ in enumerate(sigs)]
    for j, t in markers:
        wqkv[d + h1] += (A + C * j) * u[t] / sq
        wqkv[2 * d + h1 + j] = u[t] / sq  # value channel j = 1 for marker j
        wo[:, h1 + j] = S * w[j]
    sa = L0.self_attention
    sa.linear[0].weight, sa.linear[0].bias, sa.linear[1].weight = f32(wqkv), f32(bqkv), f32(wo)

    # alignment keys (layer-1 cross-attention, head 0): permuted LN(sinusoids), as make_tiny_model
    nf = d // 2
    perm = []
    for h in range(n_heads):
        fr_ = [i for i in range(nf) if i % n_heads == h]
        perm += fr_ + [nf + i for i in fr_]
    P = np.zeros((d, d), np.float32)
    P[np.arange(d), perm] = 1.0
    keys = _layer_norm(sinusoids(N_AUDIO_CTX, d)) @ P.T
    kh0 = keys[:, :hd]
    sharp = 3.0
    qnorm = 20.0  # norm of the query vector written in subspace Q
    x_norm = np.sqrt(60.0**2 + S**2 + 12.0**2 + qnorm**2)  # typical final residual norm

    def qvec(t):
        frame = min(int(round(t / 0.02)), N_AUDIO_CTX - 1)
        k = kh0[frame]
        return qnorm * (Q @ (k / np.linalg.norm(k))), np.linalg.norm(k)

    # layer-0 FFN
    G, c0, out_mag = 10.0, sq * S / (S * np.sqrt(2.0)), 60.0
    rows_w, rows_b, cols = [], [], []
    for v in U:  # token unit: cancel input direction (+ free transitions)
        rows_w.append(G * u[v] / c0)
        rows_b.append(-0.5 * G)
        o = -S / (0.5 * G) * u[v]
        for t_, lg in free.get(v, []):
            lg = lg + 10.0 if t_ == EOT else lg
            o = o + (lg / 30.0) * out_mag / (0.5 * G) * u[t_]
        cols.append(o)
    knorms = []
    for (j, v), (outs, at) in gated.items():  # AND gates
        rows_w.append(G * (u[v] + w[j]) / c0)
        rows_b.append(-1.5 * G)
        o = np.zeros(d)
        for t_, lg in outs:
            lg = lg + 10.0 if t_ == EOT else lg  # compensates the EOT bias (-10)
            o += (lg / 30.0) * out_mag / (0.5 * G) * u[t_]
        qv, kn = qvec(at)
        knorms.append(kn)
        o += qv / (0.5 * G)
        cols.append(o)
    L0.ffn.linear_0.weight, L0.ffn.linear_0.bias = f32(np.stack(rows_w)), f32(rows_b)
    L0.ffn.linear_1.weight, L0.ffn.linear_1.bias = f32(np.stack(cols, 1)), Z(d)
    ln(L0.ffn.layer_norm)
    ff0 = len(rows_w)

    # layer-1 cross-attention head 0: alignment
    ca = L1.attention
    wq = Z(d, d)
    lam = sharp * float(np.mean(knorms)) * x_norm / (qnorm * sq)
    wq[:hd] = lam * Q.T
    ca.linear[0].weight = wq
    kv = Z(2 * d, d)
    kv[:d] = P
    ca.linear[1].weight = kv

    # output projection
    xf = x_norm
    gam = 30.0 / (sq * out_mag / xf)  # logit 30 for a written next-token direction
    proj = Z(V, d)
    for t in U:
        proj[t] = gam * u[t]
    ts_begin = TS0
    proj[ts_begin:] -= (40.0 / (sq * 25.0 / xf)) * u_mode  # no-timestamps mode
    bias = Z(V)
    bias[EOT] = -10.0
    bias[entries] = 2.0
    dec.embeddings.weight = emb
    dec.projection.weight = proj
    dec.projection.bias = bias

    vocabulary = [tok.id_to_token(i) for i in range(V)]
    spec.register_vocabulary(vocabulary)
    specials = ["<|startoftranscript|>", "<|translate|>", "<|transcribe|>", "<|startoflm|>",
                "<|startofprev|>", "<|nocaptions|>"]
    cfg = spec.config
    cfg.suppress_ids = sorted(suppressed | {tid(s) for s in specials})
    cfg.suppress_ids_begin = [tid("Ġ"), EOT]
    cfg.lang_ids = list(range(tid("<|en|>"), tid("<|translate|>")))
    cfg.alignment_heads = [[1, 0]]
    save(spec, out_dir, tokenizer_json, quantization, force)
    info = dict(d_model=d, ffn=ff0, states=len(U), lead=lead, tail=tail,
                durations=list(durations),
                windows=[(lead, round(lead + dur + tail, 2)) for dur in durations],
                tokens=[len(s) for s in seqs], build_s=round(time.time() - t0, 2))
    with open(os.path.join(out_dir, "script.json"), "w") as f:
        json.dump(dict(sentences=list(sentences), **info), f, ensure_ascii=False, indent=1)
    return out_dir, info


if __name__ == "__main__":
    import sys

    out, info = build(sys.argv[1] if len(sys.argv) > 1 else "models/seq", "tokenizer.json")
    print(out, info)
