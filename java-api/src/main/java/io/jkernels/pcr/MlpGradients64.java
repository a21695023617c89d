package io.jkernels.pcr;

/**
 * Gradients of a loss in float64, as {@link MlpGradients}: inputs (batch×width), weights (layers×width×width
 * row-major), biases (layers×width).
 *
 * @param inputs dLoss/d(inputs), batch×width doubles
 * @param weights dLoss/d(weights), layers×width×width doubles row-major
 * @param biases dLoss/d(biases), layers×width doubles
 */
public record MlpGradients64(double[] inputs, double[] weights, double[] biases) {}
