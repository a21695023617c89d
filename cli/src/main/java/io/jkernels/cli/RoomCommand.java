package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.BackendUnavailableException;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.room.AcousticLabels;
import io.jkernels.ambisonics.room.RoomSimulation;
import io.jkernels.ambisonics.room.ShoeboxRoom;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels room}: simulates one shoebox room (Eyring walls for a T60) on a backend, prints the image count,
 * the wall time and the acoustic labels of the omni response beside the room's Eyring T60, and the peak of each
 * ambisonic channel. Exit code 2 for bad arguments.
 */
@Command(name = "room", mixinStandardHelpOptions = true,
    description = "Simulate a shoebox room by the image-source method and print its acoustic labels.")
final class RoomCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--size", defaultValue = "6,5,3", split = ",", description = "lx,ly,lz in metres.")
  double[] size;

  @Option(names = "--rt60", defaultValue = "0.5", description = "Eyring T60 of the walls, seconds.")
  double rt60;

  @Option(names = "--source", defaultValue = "1.5,1.2,1.6", split = ",", description = "x,y,z in metres.")
  double[] source;

  @Option(names = "--receiver", defaultValue = "4,3.1,1.5", split = ",", description = "x,y,z in metres.")
  double[] receiver;

  @Option(names = "--rate", defaultValue = "16000", description = "Sample rate, Hz.")
  int rate;

  @Option(names = "--seconds", defaultValue = "0.6", description = "Response length, seconds.")
  double seconds;

  @Option(names = "--order", defaultValue = "1", description = "Ambisonic order (SN3D).")
  int order;

  @Option(names = "--diffuse-tail", description = "Images up to this many seconds, an Eyring noise tail after.")
  Double diffuseTail;

  @Option(names = "--backend", description = "cuda, vector or scalar (default: the best available).")
  String backend;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RoomSimulation sim;
    try {
      if (size.length != 3) {
        throw new IllegalArgumentException("--size takes lx,ly,lz");
      }
      ShoeboxRoom room = ShoeboxRoom.withRt60(size[0], size[1], size[2], rt60);
      sim = RoomSimulation.of(room, source, receiver, rate, seconds);
      if (diffuseTail != null) {
        sim = sim.withDiffuseTail(diffuseTail, 1);
      }
    } catch (IllegalArgumentException e) {
      err.println("jkernels room: " + e.getMessage());
      return 2;
    }
    KernelContext opened;
    try {
      opened = backend == null ? Kernels.open() : Kernels.open(Backend.parse(backend));
    } catch (IllegalArgumentException | BackendUnavailableException e) {
      err.println("jkernels room: " + e.getMessage());
      return 2;
    }
    try (KernelContext ctx = opened) {
      long t0 = System.nanoTime();
      float[] omni = sim.omni(ctx);
      long t1 = System.nanoTime();
      float[] bformat = sim.ambisonic(ctx, order, Normalization.SN3D);
      long t2 = System.nanoTime();
      out.printf(Locale.ROOT, "room on %s: %s, %d images%n", ctx.backend().id(), sim.room(), sim.imageCount());
      out.printf(Locale.ROOT, "omni %.1f ms, order-%d ambisonic %.1f ms%n", (t1 - t0) / 1e6, order, (t2 - t1) / 1e6);
      out.printf(Locale.ROOT, "Eyring T60 %.3f s; T30 %.3f s, T20 %.3f s, EDT %.3f s, C50 %.2f dB, DRR %.2f dB%n",
          sim.room().eyringRt60(), AcousticLabels.t30(omni, rate), AcousticLabels.t20(omni, rate),
          AcousticLabels.edt(omni, rate), AcousticLabels.c50(omni, rate), AcousticLabels.drr(omni, rate));
      out.printf(Locale.ROOT, "source azimuth %.1f°, elevation %.1f°, distance %.3f m%n",
          Math.toDegrees(sim.sourceAzimuth()), Math.toDegrees(sim.sourceElevation()), sim.sourceDistance());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("jkernels room: " + e.getMessage());
      return 2;
    }
  }
}
