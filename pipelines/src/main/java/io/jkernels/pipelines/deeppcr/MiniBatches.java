package io.jkernels.pipelines.deeppcr;

import java.util.Random;

/**
 * Mini-batches of sample indices for SGD: each epoch a fresh Fisher–Yates shuffle of 0..count−1 by one seeded
 * {@link Random}, cut into consecutive batches; a batch that would cross the epoch's end starts the next epoch
 * instead (the tail is dropped), so every batch has exactly {@code batch} distinct samples. Both training runs draw
 * from one instance, so they see the same batches in the same order.
 */
final class MiniBatches {
  private final int batch;
  private final int[] order;
  private final Random random;
  private int next;

  MiniBatches(int count, int batch, long seed) {
    if (batch < 1 || batch > count) {
      throw new IllegalArgumentException("batch must be in 1.." + count + " (the training samples), got " + batch);
    }
    this.batch = batch;
    this.order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    this.random = new Random(seed);
    this.next = count; // shuffle on first use
  }

  /** The next batch's sample indices. */
  int[] next() {
    if (next + batch > order.length) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      next = 0;
    }
    int[] b = java.util.Arrays.copyOfRange(order, next, next + batch);
    next += batch;
    return b;
  }
}
