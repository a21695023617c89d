# Run with /usr/bin/python3 (Debian python3-torch 1.13): /usr/bin/python3 make_fixtures.py
# Writes the torch fixtures of TorchFileTest and the ml-act folder tests (run with Debian's python3-torch):
# per-sentence pooled responses as ml-act's PostprocessAndSaveHook saves them ({'id', 'responses'} per .pt file),
# hook state dicts in the layouts of ml-act's LinearOTHook, GaussianOTHook and AURAHook, a strided float64 tensor,
# and a file whose pickle calls os.system, which the reader must refuse.
import collections, os, torch
torch.manual_seed(0)
import shutil; shutil.rmtree("responses", ignore_errors=True)
C = 4
for side, n, shift in (("toxic", 5, 2.0), ("non-toxic", 7, -1.0)):
    d = f"responses/{side}/transformer.h.0.mlp.c_proj:0/mean"
    os.makedirs(d, exist_ok=True)
    for i in range(n):
        torch.save({"id": f"{side}{i}", "responses": (torch.randn(C) * (1 + i % 3) + shift)}, f"{d}/{i:04d}.pt")
def quantiles(z):
    qs = {"q_0_100": (0.0, 1.0), "q_0.5_99.5": (0.005, 0.995), "q_1_99": (0.01, 0.99), "q_2_98": (0.02, 0.98),
          "q_5_95": (0.05, 0.95), "q_10_90": (0.1, 0.9), "q_20_80": (0.2, 0.8), "q_30_70": (0.3, 0.7),
          "q_40_60": (0.4, 0.6)}
    return {k: [torch.quantile(z, q=a, dim=0), torch.quantile(z, q=b, dim=0)] for k, (a, b) in qs.items()}
src = torch.randn(50, C)
linear = collections.OrderedDict()
linear["net.w1"] = torch.tensor([[1.5, 0.5, -2.0, 1.0]])
linear["net.b1"] = torch.tensor([[0.25, -1.0, 3.0, 0.0]])
linear.update({"quantiles_dict_src": quantiles(src), "quantiles_src": "q_5_95"})
torch.save(linear, "linear_ot.statedict")
z = src.to(torch.float64)
gauss = collections.OrderedDict(mu1=torch.zeros(C), mu2=torch.ones(C), std1=torch.tensor([1.0, 2.0, 1e-6, 0.5]),
                                std2=torch.tensor([2.0, 1.0, 1.0, 0.5]))
gauss.update({"quantiles_dict_src": quantiles(z), "quantiles_src": "q_all"})
torch.save(gauss, "gaussian_ot.statedict")
torch.save(collections.OrderedDict(auroc=torch.tensor([0.9, 0.5, 0.2, 0.75])), "aura.statedict")
torch.save({"t": torch.arange(12, dtype=torch.float64).reshape(3, 4).t(), "h": torch.tensor([1.5, -2.0]).half(),
            "list": [1, 2.5, "x", None, True], "tuple": (1, 2)}, "mixed.pt")
class Evil:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))
torch.save({"x": Evil()}, "evil.pt")
# What the Java tests compare against, one "name values..." line each (repr of the float64 values, exact).
with open("expected.txt", "w") as out:
    for side in ("toxic", "non-toxic"):
        d = f"responses/{side}/transformer.h.0.mlp.c_proj:0/mean"
        rows = [torch.load(f"{d}/{f}")["responses"] for f in sorted(os.listdir(d))]
        out.write(side + " " + " ".join(repr(float(v)) for v in torch.stack(rows).flatten()) + "\n")
    for name, state in (("linear", linear), ("gaussian", gauss)):
        for band, (lo, hi) in state["quantiles_dict_src"].items():
            out.write(f"{name}.{band}.lo " + " ".join(repr(float(v)) for v in lo) + "\n")
            out.write(f"{name}.{band}.hi " + " ".join(repr(float(v)) for v in hi) + "\n")
