# Usage: copy the 8 toxic and the first 5 (by name) non-toxic layer-0 .pt files of ml-act's
# tests/data/toxicity-responses/tiny-gpt2/jigsaw into /tmp/mlact/sub/src and /tmp/mlact/sub/dst, then
#   ./jkernels act fit --source /tmp/mlact/sub/src --target /tmp/mlact/sub/dst -o /tmp/mlact/sub.safetensors
#   /usr/bin/python3 scripts/mlact/seed_dependence.py
# ml-act's balanced split (responses_io.label_src_dst_subsets: rng.permutation per subset, truncated to the smaller
# count) followed by LinearProj.optimize without its 1e-8 noise, over 1000 seeds; source 8 rows, target 5 rows.
import glob, json, struct, torch, numpy as np
src = torch.stack([torch.load(f)["responses"].flatten() for f in sorted(glob.glob("/tmp/mlact/sub/src/*.pt"))]).numpy()
dst = torch.stack([torch.load(f)["responses"].flatten() for f in sorted(glob.glob("/tmp/mlact/sub/dst/*.pt"))]).numpy()
ws = []
for seed in range(1000):
    rng = np.random.RandomState(seed)
    a = np.sort(src[rng.permutation(len(src))[:len(dst)]].astype(np.float64), 0)
    b = np.sort(dst[rng.permutation(len(dst))].astype(np.float64), 0)
    ma, mb = a.mean(0), b.mean(0)
    ws.append(((a - ma) * (b - mb)).sum(0) / ((a - ma) ** 2).sum(0))
ws = np.array(ws)
raw = open("/tmp/mlact/sub.safetensors", "rb").read(); n = struct.unpack("<Q", raw[:8])[0]; h = json.loads(raw[8:8 + n])
s, e = h["omega"]["data_offsets"]; om = np.frombuffer(raw[8 + n + s:8 + n + e], dtype="<f4")
for c in range(ws.shape[1]):
    print(f"channel {c}: ml-act omega over 1000 seeds min {ws[:, c].min():.4f} max {ws[:, c].max():.4f} "
          f"distinct {len(np.unique(np.round(ws[:, c], 7)))}; jkernels (all 8 rows, quantile matching) {om[c]:.4f}")
