package io.jkernels.pipelines.deeppcr;

import io.jkernels.pcr.DeepPcrResult;
import io.jkernels.pcr.Mlp;
import io.jkernels.pcr.MlpGradients;
import io.jkernels.pcr.NewtonOptions;
import io.jkernels.pcr.Pcr;

/**
 * How a training run passes through the residual trunk, both through the public {@link Pcr} API: DeepPCR (Newton-PCR
 * forward, one adjoint solve backward) or the layer-by-layer forward pass and ordinary backpropagation.
 */
public enum TrunkSolver {
  /** {@link Pcr#deepPcrForward} and {@link Pcr#deepPcrBackward}. */
  DEEP_PCR {
    @Override
    Forward forward(Pcr pcr, Mlp trunk, float[] inputs, int batch, NewtonOptions newton) {
      DeepPcrResult r = pcr.deepPcrForward(trunk, inputs, batch, newton);
      return new Forward(r.states(), r.iterations(), r.converged() && !r.nonFinite(), r.residual());
    }

    @Override
    MlpGradients backward(Pcr pcr, Mlp trunk, float[] inputs, float[] states, float[] outputGradient, int batch) {
      return pcr.deepPcrBackward(trunk, inputs, states, outputGradient, batch);
    }
  },
  /** {@link Pcr#sequentialForward} and {@link Pcr#sequentialBackward}. */
  BACKPROPAGATION {
    @Override
    Forward forward(Pcr pcr, Mlp trunk, float[] inputs, int batch, NewtonOptions newton) {
      return new Forward(pcr.sequentialForward(trunk, inputs, batch), 0, true, 0);
    }

    @Override
    MlpGradients backward(Pcr pcr, Mlp trunk, float[] inputs, float[] states, float[] outputGradient, int batch) {
      return pcr.sequentialBackward(trunk, inputs, states, outputGradient, batch);
    }
  };

  /** The trunk's states (layers×batch×width) and, for DeepPCR, Newton's record (0 iterations, converged, else). */
  record Forward(float[] states, int iterations, boolean converged, double residual) {}

  abstract Forward forward(Pcr pcr, Mlp trunk, float[] inputs, int batch, NewtonOptions newton);

  abstract MlpGradients backward(Pcr pcr, Mlp trunk, float[] inputs, float[] states, float[] outputGradient,
      int batch);
}
