package io.jkernels.pcr;

/** Gradients of a loss: inputs (batch×width), weights (layers×width×width row-major), biases (layers×width). */
public record MlpGradients(float[] inputs, float[] weights, float[] biases) {}
