package io.jkernels.cli;

import io.jkernels.Backend;
import io.jkernels.KernelContext;
import io.jkernels.Kernels;
import io.jkernels.ambisonics.BinauralDecoder;
import io.jkernels.ambisonics.Decoder;
import io.jkernels.ambisonics.Hrtf;
import io.jkernels.ambisonics.Normalization;
import io.jkernels.ambisonics.SpeakerLayout;
import io.jkernels.pipelines.audio.AmbiX;
import io.jkernels.pipelines.audio.Audio;
import io.jkernels.pipelines.audio.AudioFiles;
import io.jkernels.pipelines.audio.AudioInfo;
import io.jkernels.pipelines.audio.AudioReader;
import io.jkernels.pipelines.audio.BlockFilter;
import io.jkernels.pipelines.audio.SampleFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jkernels ambi}: ambisonic processing of WAV (and FLAC) files, streamed block by block. B-format is read and
 * written as AmbiX (ACN/SN3D), the convention recorded in the file's LIST/INFO comment; angles in degrees on the
 * command line (DESIGN.md's frame: azimuth counter-clockwise from the front, +90 is left; elevation up).
 */
@Command(name = "ambi", mixinStandardHelpOptions = true,
    description = "Ambisonics on WAV files: encode, rotate, decode, binaural, convolve (AmbiX: ACN/SN3D).",
    subcommands = {AmbiCommand.Encode.class, AmbiCommand.Rotate.class, AmbiCommand.Decode.class,
        AmbiCommand.Binaural.class, AmbiCommand.Convolve.class})
final class AmbiCommand {

  /** Options every subcommand has. */
  static final class Common {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, description = "Input WAV or FLAC.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, description = "Output WAV (written atomically).")
    Path output;

    @Option(names = "--format",
        description = "pcm16, pcm24, pcm32 or float32 (default: the input's; float32 for 8-bit).")
    String format;

    @Option(names = "--backend", description = "cuda, vector or scalar (default: the best available).")
    String backend;

    @Option(names = "--block", defaultValue = "65536", description = "Frames per block (default 65536).")
    int block;

    KernelContext open() {
      return backend == null ? Kernels.open() : Kernels.open(Backend.parse(backend));
    }

    SampleFormat format(AudioInfo in) {
      if (format != null) {
        return SampleFormat.parse(format);
      }
      return in.format() == SampleFormat.PCM8 ? SampleFormat.PCM16 : in.format();
    }

    /** "name: 42% (t/total s)" every half second and at the end. */
    BlockFilter.Progress progress(String name, int sampleRate) {
      PrintWriter err = spec.commandLine().getErr();
      long[] last = {0};
      return (done, total) -> {
        long now = System.nanoTime();
        if (done == total || now - last[0] > 500_000_000L) {
          err.printf(Locale.ROOT, "  %s: %3.0f%% (%.1f/%.1f s)%n", name, 100.0 * done / Math.max(1, total),
              (double) done / sampleRate, (double) total / sampleRate);
          err.flush();
          last[0] = now;
        }
      };
    }

    void done(long frames, int channels, int sampleRate) {
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "%s: %d channels, %d frames (%.2f s)%n", output, channels, frames,
          (double) frames / sampleRate);
      o.flush();
    }
  }

  /** The order of a B-format input: from its channel count, checked against its AmbiX record when it has one. */
  static int bformatOrder(AudioReader r, Path file) {
    int order = AmbiX.orderOf(r.info().channels());
    int declared = AmbiX.parse(r.metadata());
    if (declared >= 0 && declared != order) {
      throw new IllegalArgumentException(file + ": metadata says order " + declared + " but it has "
          + r.info().channels() + " channels");
    }
    return order;
  }

  /** Planar block of the channels: what the library's B-format calls take. */
  static float[] planar(float[][] in, int channels, int frames) {
    float[] p = new float[channels * frames];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(in[c], 0, p, c * frames, frames);
    }
    return p;
  }

  static float[][] split(float[] planar, int channels, int frames) {
    float[][] out = new float[channels][frames];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(planar, c * frames, out[c], 0, frames);
    }
    return out;
  }

  @Command(name = "encode", mixinStandardHelpOptions = true, description = "Encode a mono signal at a direction.")
  static final class Encode implements Callable<Integer> {
    @Mixin Common io;

    @Option(names = "--order", defaultValue = "1", description = "Ambisonic order (default 1).")
    int order;

    @Option(names = "--azimuth", defaultValue = "0", description = "Degrees, counter-clockwise from the front.")
    double azimuth;

    @Option(names = "--elevation", defaultValue = "0", description = "Degrees up from the horizontal.")
    double elevation;

    @Override
    public Integer call() throws Exception {
      try (KernelContext ctx = io.open(); AudioReader r = AudioFiles.open(io.input)) {
        if (r.info().channels() != 1) {
          throw new IllegalArgumentException(io.input + ": expected a mono signal, got " + r.info().channels()
              + " channels");
        }
        int k = AmbiX.channels(order);
        double az = Math.toRadians(azimuth);
        double el = Math.toRadians(elevation);
        BlockFilter f = new BlockFilter() {
          protected int outputChannels() {
            return k;
          }

          protected int tail() {
            return 0;
          }

          protected float[][] process(float[][] in, int frames) {
            return split(ctx.ambisonics().encode(in[0], order, az, el, Normalization.SN3D), k, frames);
          }
        };
        long n = f.run(r, io.output, io.format(r.info()), AmbiX.metadata(order), io.block,
            io.progress("encode", r.info().sampleRate()));
        io.done(n, k, r.info().sampleRate());
      }
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Rotate the sound field by R = Rz(yaw)·Ry(pitch)·Rx(roll) (a yaw moves azimuth φ to φ + yaw).")
  static final class Rotate implements Callable<Integer> {
    @Mixin Common io;

    @Option(names = "--yaw", defaultValue = "0", description = "Degrees.") double yaw;
    @Option(names = "--pitch", defaultValue = "0", description = "Degrees.") double pitch;
    @Option(names = "--roll", defaultValue = "0", description = "Degrees.") double roll;

    @Override
    public Integer call() throws Exception {
      try (KernelContext ctx = io.open(); AudioReader r = AudioFiles.open(io.input)) {
        int order = bformatOrder(r, io.input);
        int k = r.info().channels();
        BlockFilter f = new BlockFilter() {
          protected int outputChannels() {
            return k;
          }

          protected int tail() {
            return 0;
          }

          protected float[][] process(float[][] in, int frames) {
            return split(ctx.ambisonics().rotate(planar(in, k, frames), order, Math.toRadians(yaw),
                Math.toRadians(pitch), Math.toRadians(roll)), k, frames);
          }
        };
        long n = f.run(r, io.output, io.format(r.info()), AmbiX.metadata(order), io.block,
            io.progress("rotate", r.info().sampleRate()));
        io.done(n, k, r.info().sampleRate());
      }
      return 0;
    }
  }

  @Command(name = "decode", mixinStandardHelpOptions = true, description = "Decode B-format to loudspeaker feeds.")
  static final class Decode implements Callable<Integer> {
    @Mixin Common io;

    @Option(names = "--layout", defaultValue = "stereo",
        description = "stereo, quad, 5.1, 7.1.4, cube or tN (a t-design of degree N, 2 to 21).")
    String layout;

    @Option(names = "--method", defaultValue = "allrad",
        description = "sampling, mode-matching, energy-preserving or allrad (default).")
    String method;

    @Option(names = "--max-re", description = "Apply max-rE weights.")
    boolean maxRe;

    @Override
    public Integer call() throws Exception {
      try (KernelContext ctx = io.open(); AudioReader r = AudioFiles.open(io.input)) {
        int order = bformatOrder(r, io.input);
        int k = r.info().channels();
        SpeakerLayout l = layout(layout);
        Decoder d = switch (method.toLowerCase(Locale.ROOT)) {
          case "sampling", "sad" -> Decoder.sampling(l, order);
          case "mode-matching", "mmd" -> Decoder.modeMatching(l, order);
          case "energy-preserving", "epad" -> Decoder.energyPreserving(l, order);
          case "allrad" -> Decoder.allRad(l, order);
          default -> throw new IllegalArgumentException("--method: expected sampling, mode-matching, "
              + "energy-preserving or allrad, got '" + method + "'");
        };
        Decoder dec = maxRe ? d.withMaxRe() : d;
        BlockFilter f = new BlockFilter() {
          protected int outputChannels() {
            return l.size();
          }

          protected int tail() {
            return 0;
          }

          protected float[][] process(float[][] in, int frames) {
            return ctx.ambisonics().decode(dec, planar(in, k, frames), order);
          }
        };
        long n = f.run(r, io.output, io.format(r.info()), Map.of("ICMT", "speakers=" + l.name() + "; decoder="
            + method + (maxRe ? "+max-rE" : "")), io.block, io.progress("decode", r.info().sampleRate()));
        io.done(n, l.size(), r.info().sampleRate());
      }
      return 0;
    }

    static SpeakerLayout layout(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.matches("t\\d+")) {
        return SpeakerLayout.tDesign(Integer.parseInt(n.substring(1)));
      }
      return switch (n) {
        case "stereo" -> SpeakerLayout.stereo();
        case "quad" -> SpeakerLayout.quad();
        case "5.1" -> SpeakerLayout.surround51();
        case "7.1.4" -> SpeakerLayout.surround714();
        case "cube" -> SpeakerLayout.cube();
        default -> throw new IllegalArgumentException("--layout: expected stereo, quad, 5.1, 7.1.4, cube or tN, got '"
            + name + "'");
      };
    }
  }

  @Command(name = "binaural", mixinStandardHelpOptions = true,
      description = "Render B-format to two ears with a SOFA HRTF (left, right; length + HRIR length − 1).")
  static final class Binaural implements Callable<Integer> {
    @Mixin Common io;

    @Option(names = "--sofa", required = true, description = "SOFA HRTF (e.g. MIT_KEMAR_normal_pinna.sofa).")
    Path sofa;

    @Option(names = "--method", defaultValue = "magls", description = "magls (default) or ls (least squares).")
    String method;

    @Override
    public Integer call() throws Exception {
      try (KernelContext ctx = io.open(); AudioReader r = AudioFiles.open(io.input)) {
        int order = bformatOrder(r, io.input);
        int k = r.info().channels();
        Hrtf hrtf = Hrtf.loadSofa(sofa);
        if (Math.abs(hrtf.sampleRate() - r.info().sampleRate()) > 1e-6) {
          throw new IllegalArgumentException(sofa + ": HRTF at " + hrtf.sampleRate() + " Hz but " + io.input
              + " is at " + r.info().sampleRate() + " Hz (resample one of them)");
        }
        BinauralDecoder dec = switch (method.toLowerCase(Locale.ROOT)) {
          case "magls" -> BinauralDecoder.magLs(hrtf, order);
          case "ls", "least-squares" -> BinauralDecoder.leastSquares(hrtf, order);
          default -> throw new IllegalArgumentException("--method: expected magls or ls, got '" + method + "'");
        };
        int tail = hrtf.length() - 1;
        BlockFilter f = new BlockFilter() {
          protected int outputChannels() {
            return 2;
          }

          protected int tail() {
            return tail;
          }

          protected float[][] process(float[][] in, int frames) {
            return ctx.ambisonics().binaural(dec, planar(in, k, frames));
          }
        };
        long n = f.run(r, io.output, io.format(r.info()), Map.of("ICMT", "binaural=" + method + "; hrtf="
            + sofa.getFileName()), io.block, io.progress("binaural", r.info().sampleRate()));
        io.done(n, 2, r.info().sampleRate());
      }
      return 0;
    }
  }

  @Command(name = "convolve", mixinStandardHelpOptions = true,
      description = "Convolve a mono signal with each channel of an impulse-response file (e.g. a FOA room response).")
  static final class Convolve implements Callable<Integer> {
    @Mixin Common io;

    @Option(names = "--ir", required = true, description = "Impulse responses: one per channel, WAV or FLAC.")
    Path ir;

    @Override
    public Integer call() throws Exception {
      try (KernelContext ctx = io.open(); AudioReader r = AudioFiles.open(io.input)) {
        if (r.info().channels() != 1) {
          throw new IllegalArgumentException(io.input + ": expected a mono signal, got " + r.info().channels()
              + " channels");
        }
        Audio h;
        Map<String, String> meta;
        try (AudioReader hr = AudioFiles.open(ir)) {
          meta = hr.metadata();
        }
        h = AudioFiles.read(ir);
        if (h.sampleRate() != r.info().sampleRate()) {
          throw new IllegalArgumentException(ir + ": " + h.sampleRate() + " Hz but " + io.input + " is at "
              + r.info().sampleRate() + " Hz");
        }
        float[][] responses = new float[h.channels()][];
        for (int c = 0; c < h.channels(); c++) {
          responses[c] = h.channelSamples(c);
        }
        int tail = h.frames() - 1;
        BlockFilter f = new BlockFilter() {
          protected int outputChannels() {
            return responses.length;
          }

          protected int tail() {
            return tail;
          }

          protected float[][] process(float[][] in, int frames) {
            return ctx.ambisonics().convolve(in[0], responses);
          }
        };
        // A B-format response gives a B-format result: keep its AmbiX record.
        Map<String, String> out = AmbiX.parse(meta) >= 0 ? AmbiX.metadata(AmbiX.parse(meta)) : Map.of();
        long n = f.run(r, io.output, io.format(r.info()), out, io.block,
            io.progress("convolve", r.info().sampleRate()));
        io.done(n, responses.length, r.info().sampleRate());
      }
      return 0;
    }
  }
}
