# Usage (Debian python3-torch; ml-act checked out at $ML, e.g. from github.com/apple/ml-act):
#   R=$ML/tests/data/toxicity-responses/tiny-gpt2/jigsaw
#   for l in 0 1; do ./jkernels act fit --source "$R/toxic/transformer.h.$l.mlp.c_proj:0/mean" \
#       --target "$R/non-toxic/transformer.h.$l.mlp.c_proj:0/mean" -o /tmp/mlact/l$l.safetensors; done
#   /usr/bin/python3 scripts/mlact/crosscheck_linear.py "$R"
# Cross-check against ml-act's formulas (LinearProj.optimize without its 1e-8 noise, compute_quantiles) in torch.
import glob, json, struct, sys, torch, numpy as np
R = sys.argv[1]
for l in (0, 1):
    def load(side):
        fs = sorted(glob.glob(f"{R}/{side}/transformer.h.{l}.mlp.c_proj:0/mean/*.pt"))
        return torch.stack([torch.load(f)["responses"].flatten() for f in fs])
    src, dst = load("toxic"), load("non-toxic")
    a = torch.sort(src, 0)[0].numpy().astype(np.float64); b = torch.sort(dst, 0)[0].numpy().astype(np.float64)
    ma, mb = a.mean(0, keepdims=True), b.mean(0, keepdims=True)
    w = ((a - ma) * (b - mb)).sum(0) / ((a - ma) ** 2).sum(0); bias = mb[0] - w * ma[0]
    q32 = {k: [torch.quantile(src, q=v, dim=0) for v in lv] for k, lv in (("q_1_99", (0.01, 0.99)), ("q_5_95", (0.05, 0.95)), ("q_40_60", (0.4, 0.6)))}
    q64 = {k: [torch.quantile(src.double(), q=v, dim=0) for v in lv] for k, lv in (("q_1_99", (0.01, 0.99)), ("q_5_95", (0.05, 0.95)), ("q_40_60", (0.4, 0.6)))}
    # read the jkernels map (safetensors) without the safetensors package
    raw = open(f"/tmp/mlact/l{l}.safetensors", "rb").read(); n = struct.unpack("<Q", raw[:8])[0]; h = json.loads(raw[8:8 + n])
    def t(name):
        s, e = h[name]["data_offsets"]; return np.frombuffer(raw[8 + n + s:8 + n + e], dtype="<f4").reshape(h[name]["shape"])
    print(f"layer {l}: omega ml-act {w.astype(np.float32)} jkernels {t('omega')}; beta ml-act {bias.astype(np.float32)} jkernels {t('beta')}")
    levels = [0.0, 0.005, 0.01, 0.02, 0.05, 0.10, 0.20, 0.30, 0.40, 0.60, 0.70, 0.80, 0.90, 0.95, 0.98, 0.99, 0.995, 1.0]
    Q = t("source_quantiles")
    for k in q32:
        lo_i = levels.index({"q_1_99": 0.01, "q_5_95": 0.05, "q_40_60": 0.4}[k])
        print(f"  {k}: lo jkernels {Q[lo_i]} torch f32 {q32[k][0].numpy()} torch f64->f32 {q64[k][0].float().numpy()}")
