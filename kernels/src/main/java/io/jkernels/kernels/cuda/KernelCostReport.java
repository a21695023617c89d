package io.jkernels.kernels.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the instrumented emulation counted ({@link KernelCostMeter}): per launch, the memory traffic a GPU of
 * compute capability 8.0/9.0 would see, per source line (site) of each kernel, and the races found. See
 * {@code cuda-src/emulation/cost_model.cpp} for the counting rules.
 */
public record KernelCostReport(List<Launch> launches) {
  /** One launch: grid and block as "x,y,z", and its counters by the names of cost_model.cpp's report. */
  public record Launch(String kernel, String grid, String block, int sharedBytes, boolean ok,
      Map<String, Long> counters, List<Site> sites, List<Race> races) {
    long count(String name) {
      Long v = counters.get(name);
      if (v == null) {
        throw new IllegalStateException("the cost report has no counter " + name + " for " + kernel);
      }
      return v;
    }

    /** Blocks in the grid. */
    public long blocks() {
      long b = 1;
      for (String d : grid.split(",")) {
        b *= Long.parseLong(d);
      }
      return b;
    }

    /** Distinct 32-byte sectors read plus those written, in bytes: DRAM traffic when the footprint fits in L2. */
    public long dramBytes() {
      return 32 * (count("dram_read_sectors") + count("dram_write_sectors"));
    }
  }

  /** One instruction of a kernel (the file:line it came from), summed over the launch's warp-level requests. */
  public record Site(String at, String space, String op, int size, long requests, long lanes, long bytes,
      long unique, long sectors, long wavefronts, long ideal, int maxWays) {}

  /** Two threads of one block touching one word with no barrier between them, one of them writing. */
  public record Race(String kind, String space, String first, String second, long count, int firstThread,
      int secondThread) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s on %s memory: %s (thread %d) then %s (thread %d), %d times", kind,
          space, first, firstThread, second, secondThread, count);
    }
  }

  /** Launches of one kernel, summed. */
  public record KernelCost(String kernel, long launches, long dramBytes, long distinctBytes, long globalRequests,
      long globalSectors, long globalUnique, long sharedRequests, long sharedWavefronts, long sharedIdeal,
      int maxWays, long localBytes, long barriers, long shuffles, long votes, long atomics, List<Race> races,
      List<Launch> perLaunch) {
    /** Distinct bytes asked for / bytes of the 32-byte sectors moved, over global requests (1 with none). */
    public double coalescing() {
      return globalSectors == 0 ? 1.0 : globalUnique / (32.0 * globalSectors);
    }

    /** Sectors per global warp-level request (4 for a warp reading 32 consecutive floats). */
    public double sectorsPerRequest() {
      return globalRequests == 0 ? 0 : globalSectors / (double) globalRequests;
    }

    /** Shared-memory wavefronts per ideal wavefront: 1 without bank conflicts, 32 for a 32-way conflict. */
    public double conflictDegree() {
      return sharedIdeal == 0 ? 1.0 : sharedWavefronts / (double) sharedIdeal;
    }

    /** Global sectors requested (L1 ↔ L2 traffic, no L1 reuse) per distinct sector (DRAM): 1 = read once. */
    public double l2PerDram() {
      return dramBytes == 0 ? 0 : 32.0 * globalSectors / dramBytes;
    }
  }

  /** Parses cost_model.cpp's jk_cost_report text. */
  static KernelCostReport parse(String text) {
    List<Launch> launches = new ArrayList<>();
    Launch last = null;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] words = line.trim().split(" ");
      Map<String, String> kv = new HashMap<>();
      for (int i = 1; i < words.length; i++) {
        int eq = words[i].indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException("cost report: bad word '" + words[i] + "' in: " + line);
        }
        kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
      switch (words[0]) {
        case "launch" -> {
          Map<String, Long> counters = new LinkedHashMap<>();
          kv.forEach((k, v) -> {
            if (!k.equals("kernel") && !k.equals("grid") && !k.equals("block")) {
              counters.put(k, Long.parseLong(v));
            }
          });
          last = new Launch(kv.get("kernel"), kv.get("grid"), kv.get("block"), Integer.parseInt(kv.get("shared")),
              "1".equals(kv.get("ok")), counters, new ArrayList<>(), new ArrayList<>());
          launches.add(last);
        }
        case "site" -> current(last, line).sites().add(new Site(kv.get("at"), kv.get("space"), kv.get("op"),
            Integer.parseInt(kv.get("size")), num(kv, "requests"), num(kv, "lanes"), num(kv, "bytes"),
            num(kv, "unique"), num(kv, "sectors"), num(kv, "wavefronts"), num(kv, "ideal"),
            Integer.parseInt(kv.get("max_ways"))));
        case "race" -> current(last, line).races().add(new Race(kv.get("kind"), kv.get("space"), kv.get("first"),
            kv.get("second"), num(kv, "count"), Integer.parseInt(kv.get("first_thread")),
            Integer.parseInt(kv.get("second_thread"))));
        default -> throw new IllegalStateException("cost report: unknown line: " + line);
      }
    }
    return new KernelCostReport(List.copyOf(launches));
  }

  private static Launch current(Launch last, String line) {
    if (last == null) {
      throw new IllegalStateException("cost report: a site or race before any launch: " + line);
    }
    return last;
  }

  private static long num(Map<String, String> kv, String key) {
    String v = kv.get(key);
    if (v == null) {
      throw new IllegalStateException("cost report: no " + key);
    }
    return Long.parseLong(v);
  }

  /** Per kernel, in order of first launch. */
  public Map<String, KernelCost> byKernel() {
    Map<String, List<Launch>> groups = new LinkedHashMap<>();
    for (Launch l : launches) {
      groups.computeIfAbsent(l.kernel(), k -> new ArrayList<>()).add(l);
    }
    Map<String, KernelCost> out = new LinkedHashMap<>();
    groups.forEach((kernel, list) -> out.put(kernel, sum(kernel, list)));
    return out;
  }

  private static KernelCost sum(String kernel, List<Launch> list) {
    long dram = 0, distinct = 0, gReq = 0, gSec = 0, gUni = 0, sReq = 0, sWave = 0, sIdeal = 0, local = 0;
    long barriers = 0, shuffles = 0, votes = 0, atomics = 0;
    int ways = 0;
    List<Race> races = new ArrayList<>();
    for (Launch l : list) {
      dram += l.dramBytes();
      distinct += l.count("dram_read_bytes") + l.count("dram_write_bytes");
      barriers += l.count("barriers");
      shuffles += l.count("shuffles");
      votes += l.count("votes");
      atomics += l.count("atomics_global") + l.count("atomics_shared");
      races.addAll(l.races());
      for (Site s : l.sites()) {
        switch (s.space()) {
          case "global" -> {
            gReq += s.requests();
            gSec += s.sectors();
            gUni += s.unique();
          }
          case "shared" -> {
            sReq += s.requests();
            sWave += s.wavefronts();
            sIdeal += s.ideal();
            ways = Math.max(ways, s.maxWays());
          }
          case "local" -> local += s.bytes();
          default -> {
          }
        }
      }
    }
    return new KernelCost(kernel, list.size(), dram, distinct, gReq, gSec, gUni, sReq, sWave, sIdeal, ways, local,
        barriers, shuffles, votes, atomics, List.copyOf(races), List.copyOf(list));
  }

  /** The sites of one kernel over all its launches, merged by file:line, op and space, most sectors first. */
  public List<Site> sitesOf(String kernel) {
    Map<String, Site> merged = new LinkedHashMap<>();
    for (Launch l : launches) {
      if (!l.kernel().equals(kernel)) {
        continue;
      }
      for (Site s : l.sites()) {
        merged.merge(s.at() + " " + s.space() + " " + s.op() + " " + s.size(), s, (a, b) -> new Site(a.at(),
            a.space(), a.op(), a.size(), a.requests() + b.requests(), a.lanes() + b.lanes(), a.bytes() + b.bytes(),
            a.unique() + b.unique(), a.sectors() + b.sectors(), a.wavefronts() + b.wavefronts(),
            a.ideal() + b.ideal(), Math.max(a.maxWays(), b.maxWays())));
      }
    }
    List<Site> out = new ArrayList<>(merged.values());
    out.sort((a, b) -> Long.compare(b.sectors() + b.wavefronts(), a.sectors() + a.wavefronts()));
    return out;
  }
}
