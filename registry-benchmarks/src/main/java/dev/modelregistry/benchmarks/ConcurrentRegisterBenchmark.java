package dev.modelregistry.benchmarks;

import dev.modelregistry.benchmarks.ConcurrentRegisterServer.Kind;
import dev.modelregistry.git.RegisterProcess;
import dev.modelregistry.git.Registry;
import dev.modelregistry.git.signing.CommitSigner;
import dev.modelregistry.git.signing.SshKeys;
import dev.modelregistry.git.signing.TrustedSigners;
import dev.modelregistry.model.Policy;
import dev.modelregistry.model.StorePolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Throughput of concurrent registration against a Git server over HTTP, beside the {@code git} CLI
 * pushing the same kind of commits to the same kind of server in the same run. A plain main class,
 * not JMH: each trial is one wall-clock measurement of many processes.
 *
 * <p>For each number of writers N, in this order:
 *
 * <ol>
 *   <li><b>registry</b>: a fresh registry on a fresh server (bare repository, policy with an
 *       absolute shared store, first commit signed with a new ed25519 key, as RemoteTest does). N
 *       writer JVMs ({@code dev.modelregistry.git.RegisterProcess}, with RemoteTest's flags {@code
 *       -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), each with its own clone cache, each registering
 *       K versions. Timed from the first process start to the last exit, so JVM start and the first
 *       clone are in it.
 *   <li><b>git CLI</b>: a second fresh registry of the same shape on the same kind of server. N
 *       {@code bash} loops, each cloning it and then, K times: fetch, reset to the server's {@code
 *       main}, write one version directory with three small files, add, commit, push; on a rejected
 *       push: fetch, reset, recreate the commit, push again. The clone is timed too.
 * </ol>
 *
 * Both sides are checked afterwards: every writer exited 0 and printed K lines, and the server's
 * {@code main} has exactly N*K version directories and N*K+1 commits.
 *
 * <p>Properties: {@code -Dbench.writers=1,2,4,8}, {@code -Dbench.k=25} (versions per writer),
 * {@code -Dbench.k1=} (versions for N=1; default K), {@code -Dbench.reps=1}, {@code
 * -Dbench.dir=DIR} (scratch; default java.io.tmpdir).
 */
public final class ConcurrentRegisterBenchmark {
  private static final int MAX_PUSH_ATTEMPTS = 100;

  private ConcurrentRegisterBenchmark() {}

  /** One trial's outcome. */
  record Trial(
      String side,
      int writers,
      int versions,
      double seconds,
      double firstVersionMedian,
      double warmPerSecond,
      List<Integer> attempts,
      int fetches,
      int pushPosts,
      int pushRejectedByServer,
      double loadStart,
      double loadEnd) {
    double perSecond() {
      return versions / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int[] writers =
        Arrays.stream(System.getProperty("bench.writers", "1,2,4,8").split(","))
            .map(String::strip)
            .mapToInt(Integer::parseInt)
            .toArray();
    int k = Integer.getInteger("bench.k", 25);
    int k1 = Integer.getInteger("bench.k1", k);
    int reps = Integer.getInteger("bench.reps", 1);
    System.out.printf(
        "java %s, %s, nproc %d, writers %s, K %d (N=1: %d), reps %d%n",
        System.getProperty("java.version"),
        output("git", "--version").strip(),
        Runtime.getRuntime().availableProcessors(),
        Arrays.toString(writers),
        k,
        k1,
        reps);
    LoadSampler sampler = new LoadSampler();
    sampler.start();
    List<Trial> trials = new ArrayList<>();
    for (int rep = 0; rep < reps; rep++) {
      for (int n : writers) {
        int each = n == 1 ? k1 : k;
        trials.add(print(trial("registry", n, each)));
        if (!Boolean.getBoolean("bench.registryOnly")) {
          trials.add(print(trial("git CLI", n, each)));
        }
      }
    }
    sampler.interrupt();
    System.out.println();
    System.out.println(
        "| N | versions | registry s | registry v/s | git CLI s | git CLI v/s | registry / git | "
            + "registry warm v/s | git CLI warm v/s | registry attempts median / max | git attempts median / max | "
            + "registry first version after (median s) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int i = 0; i + 1 < trials.size() && !Boolean.getBoolean("bench.registryOnly"); i += 2) {
      Trial r = trials.get(i);
      Trial g = trials.get(i + 1);
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %.1f | %.2f | %.1f | %.2f | %.2fx | %.2f | %.2f | %s | %s | %.1f |%n",
          r.writers(),
          r.versions(),
          r.seconds(),
          r.perSecond(),
          g.seconds(),
          g.perSecond(),
          r.perSecond() / g.perSecond(),
          r.warmPerSecond(),
          g.warmPerSecond(),
          attempts(r),
          attempts(g),
          r.firstVersionMedian());
    }
    System.out.printf(
        Locale.ROOT,
        "%nLoad: %d samples every 2 s; a Maven, surefire or JMH JVM ran in %d of them (%.0f %%); "
            + "1-min load average mean %.2f, max %.2f%n",
        sampler.samples.get(),
        sampler.foreign.get(),
        100.0 * sampler.foreign.get() / Math.max(1, sampler.samples.get()),
        sampler.loadSum() / Math.max(1, sampler.samples.get()),
        sampler.loadMax());
  }

  private static Trial print(Trial t) {
    System.out.printf(
        Locale.ROOT,
        "%-8s N=%d: %d versions in %.1f s = %.2f v/s; first version after %.1f s (median);"
            + " warm %.2f v/s; attempts per version %s (%s in all); fetches %d, push POSTs %d (%d rejected by the server); loadavg %.2f -> %.2f%n",
        t.side(),
        t.writers(),
        t.versions(),
        t.seconds(),
        t.perSecond(),
        t.firstVersionMedian(),
        t.warmPerSecond(),
        attempts(t),
        attemptsTotal(t),
        t.fetches(),
        t.pushPosts(),
        t.pushRejectedByServer(),
        t.loadStart(),
        t.loadEnd());
    return t;
  }

  private static String attempts(Trial t) {
    List<Integer> a = new ArrayList<>(t.attempts());
    Collections.sort(a);
    return a.isEmpty() ? "-" : a.get((a.size() - 1) / 2) + " / " + a.get(a.size() - 1);
  }

  private static String attemptsTotal(Trial t) {
    return t.attempts().isEmpty()
        ? "-"
        : String.valueOf(t.attempts().stream().mapToInt(Integer::intValue).sum());
  }

  private static Trial trial(String side, int n, int each) throws Exception {
    Path scratch = BenchFiles.scratch("concurrent-register");
    try {
      Path serverDir = scratch.resolve("server");
      serverRegistry(scratch, "reg.git");
      Path tmp = Files.createDirectories(scratch.resolve("tmp"));
      try (ConcurrentRegisterServer server = ConcurrentRegisterServer.start(serverDir)) {
        String url = server.url("reg.git");
        double loadStart = loadAverage();
        List<Process> procs = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<StringBuffer> outs = new ArrayList<>();
        long[] firstLine = new long[n];
        List<Long> registered = Collections.synchronizedList(new ArrayList<>());
        int[] lines = new int[n];
        long t0 = System.nanoTime();
        for (int w = 1; w <= n; w++) {
          ProcessBuilder pb;
          if (side.equals("registry")) {
            List<String> command =
                new ArrayList<>(
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Djava.io.tmpdir=" + tmp));
            // e.g. -Dbench.writerJvmArgs=-XX:StartFlightRecording=filename=/tmp/w.jfr to profile
            // the writers
            String extra = System.getProperty("bench.writerJvmArgs", "").strip();
            if (!extra.isEmpty()) {
              command.addAll(Arrays.asList(extra.replace("{w}", String.valueOf(w)).split("\\s+")));
            }
            command.addAll(
                List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    RegisterProcess.class.getName(),
                    url,
                    scratch.resolve("cache-" + w).toString(),
                    String.valueOf(w),
                    String.valueOf(each)));
            pb = new ProcessBuilder(command);
          } else {
            pb =
                new ProcessBuilder(
                    "bash",
                    "-c",
                    GIT_WRITER,
                    "git-writer",
                    url,
                    scratch.resolve("clone-" + w).toString(),
                    String.valueOf(w),
                    String.valueOf(each),
                    String.valueOf(MAX_PUSH_ATTEMPTS));
          }
          pb.environment()
              .put(
                  "GIT_HTTP_USER_AGENT",
                  "bench-writer-" + w); // the server counts requests per writer
          pb.environment().put("GIT_TERMINAL_PROMPT", "0");
          pb.redirectErrorStream(true);
          Process p = pb.start();
          procs.add(p);
          StringBuffer out = new StringBuffer();
          outs.add(out);
          int slot = w - 1;
          Thread reader =
              new Thread(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                      for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("registered ")) {
                          registered.add(System.nanoTime());
                          if (lines[slot]++ == 0) {
                            firstLine[slot] = System.nanoTime();
                          }
                        }
                        out.append(line).append('\n');
                      }
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
          reader.start();
          readers.add(reader);
        }
        for (Process p : procs) {
          if (!p.waitFor(600, TimeUnit.SECONDS)) {
            procs.forEach(Process::destroyForcibly);
            throw new IllegalStateException(
                side + " N=" + n + ": a writer did not finish in 600 s");
          }
        }
        long t1 = System.nanoTime();
        for (Thread r : readers) {
          r.join();
        }
        double loadEnd = loadAverage();
        for (int w = 0; w < n; w++) {
          if (procs.get(w).exitValue() != 0 || lines[w] != each) {
            throw new IllegalStateException(
                side
                    + " writer "
                    + (w + 1)
                    + " exited "
                    + procs.get(w).exitValue()
                    + " after "
                    + lines[w]
                    + " of "
                    + each
                    + " versions:\n"
                    + outs.get(w));
          }
        }
        Path repo = serverDir.resolve("reg.git");
        int versions =
            output(
                    "git",
                    "--git-dir",
                    repo.toString(),
                    "ls-tree",
                    "--name-only",
                    "main",
                    "models/m/")
                .strip()
                .split("\n")
                .length;
        int commits =
            Integer.parseInt(
                output("git", "--git-dir", repo.toString(), "rev-list", "--count", "main").strip());
        if (versions != n * each || commits != n * each + 1) {
          throw new IllegalStateException(
              side
                  + " N="
                  + n
                  + ": the server has "
                  + versions
                  + " versions and "
                  + commits
                  + " commits, expected "
                  + n * each
                  + " and "
                  + (n * each + 1));
        }
        // warm rate: from the moment the last writer registered its first version (all N are
        // running and
        // have their clone) to the last registration
        long allWarm = Arrays.stream(firstLine).max().orElseThrow();
        long last = registered.stream().mapToLong(Long::longValue).max().orElseThrow();
        long after = registered.stream().filter(t -> t > allWarm).count();
        double warm = last > allWarm ? after / ((last - allWarm) / 1e9) : Double.NaN;
        if (side.equals(
            "git CLI")) { // the loops count their own push attempts: the server must agree
          int own =
              outs.stream()
                  .flatMap(o -> o.toString().lines())
                  .filter(l -> l.startsWith("registered "))
                  .mapToInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1)))
                  .sum();
          System.out.println("  (git loops counted " + own + " push attempts)");
        }
        List<Double> first = new ArrayList<>();
        for (long f : firstLine) {
          first.add((f - t0) / 1e9);
        }
        Collections.sort(first);
        // attempts per version, from the server's view of each writer: a push attempt starts with
        // the receive-pack advertisement (a push the client itself sees is stale ends there) and
        // the attempt that lands is the accepted POST
        List<Integer> attempts = new ArrayList<>();
        int fetches = 0;
        int posts = 0;
        int rejected = 0;
        for (Map.Entry<String, List<Kind>> e : server.events().entrySet()) {
          if (!e.getKey().startsWith("bench-writer-")) {
            continue;
          }
          int tries = 0;
          for (Kind kind : e.getValue()) {
            switch (kind) {
              case FETCH_ADVERTISEMENT -> fetches++;
              case PUSH_ADVERTISEMENT -> tries++;
              case PUSH_ACCEPTED -> {
                posts++;
                attempts.add(tries);
                tries = 0;
              }
              case PUSH_REJECTED -> {
                posts++;
                rejected++;
              }
              default -> {}
            }
          }
        }
        if (attempts.size() != n * each) {
          System.out.println(
              "  (the server saw "
                  + attempts.size()
                  + " accepted pushes from the writers, expected "
                  + n * each
                  + ": User-Agent not passed on? attempts not reported)");
          attempts = List.of();
        }
        return new Trial(
            side,
            n,
            n * each,
            (t1 - t0) / 1e9,
            first.get((first.size() - 1) / 2),
            warm,
            attempts,
            fetches,
            posts,
            rejected,
            loadStart,
            loadEnd);
      }
    } finally {
      BenchFiles.deleteTree(scratch);
    }
  }

  /**
   * As RemoteTest#serverRegistry: a bare repository, artifacts in an absolute shared directory, a
   * signed first commit.
   */
  private static void serverRegistry(Path scratch, String name) {
    Path key = scratch.resolve("keys/ops");
    String pub = SshKeys.generateEd25519(key, "ops@example.com");
    Policy d = Policy.defaults(List.of(TrustedSigners.line("ops@example.com", pub)));
    Policy p =
        new Policy(
            d.formatVersion(),
            d.versions(),
            d.environments(),
            d.signers(),
            d.policyChanges(),
            d.registrations(),
            d.retention(),
            new StorePolicy("local", scratch.resolve("shared-store").toAbsolutePath().toString()));
    Registry.init(
            scratch.resolve("server").resolve(name).toString(),
            p,
            new dev.modelregistry.git.Committer("Bench Ops", "ops@example.com"),
            CommitSigner.sshKey(key))
        .close();
  }

  /**
   * One git CLI writer: {@code $1} URL, {@code $2} clone directory, {@code $3} writer number,
   * {@code $4} versions, {@code $5} push attempts at most per version. It writes the files a
   * registration writes (metadata.yaml, checksum.sha256, artifact.yaml, of about the same sizes),
   * but copies no artifact into a store and signs nothing.
   */
  private static final String GIT_WRITER =
      """
      set -eu
      url=$1; dir=$2; w=$3; k=$4; max=$5
      git clone -q -b main "$url" "$dir"
      cd "$dir"
      git config user.name "CLI writer $w"
      git config user.email "cli$w@example.com"
      git config gc.autoDetach false
      i=0
      while [ "$i" -lt "$k" ]; do
        v="v$w.$i.0"; d="models/m/$v"
        sum=$(printf '{"writer": %s, "i": %s}' "$w" "$i" | sha256sum | cut -d' ' -f1)
        n=0
        git fetch -q origin
        while :; do
          n=$((n + 1))
          git reset -q --hard origin/main
          mkdir -p "$d"
          printf 'model: m\\nversion: %s\\nid: %s\\nregisteredAt: "%s"\\nmetrics: {}\\nenvironment:\\n  java: "17"\\n  os: linux\\n' \\
            "$v" "$(cat /proc/sys/kernel/random/uuid)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$d/metadata.yaml"
          printf '%s  model-%s.json\\n' "$sum" "$i" > "$d/checksum.sha256"
          printf 'uri: file:///store/sha256/%s\\nsha256: %s\\nsize: 20\\nfileName: model-%s.json\\n' "$sum" "$sum" "$i" > "$d/artifact.yaml"
          git add "$d"
          git commit -q -m "Register m $v" -m "Registry-Action: register"
          if git push -q origin HEAD:main 2>/dev/null; then
            break
          fi
          if [ "$n" -ge "$max" ]; then
            echo "gave up on $v after $n push attempts" >&2
            exit 1
          fi
          git fetch -q origin
        done
        echo "registered $v attempts $n"
        i=$((i + 1))
      done
      """;

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }

  /**
   * Every 2 s: the 1-minute load average, and whether a Maven, surefire or JMH JVM is running (the
   * other builds and benchmarks on this machine; this benchmark's own JVMs are none of these).
   */
  private static final class LoadSampler extends Thread {
    final AtomicInteger samples = new AtomicInteger();
    final AtomicInteger foreign = new AtomicInteger();
    private final List<Double> loads = Collections.synchronizedList(new ArrayList<>());

    LoadSampler() {
      setDaemon(true);
      setName("load-sampler");
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        loads.add(loadAverage());
        samples.incrementAndGet();
        if (otherBuildRunning()) {
          foreign.incrementAndGet();
        }
        try {
          Thread.sleep(2000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    double loadSum() {
      synchronized (loads) {
        return loads.stream().mapToDouble(Double::doubleValue).sum();
      }
    }

    double loadMax() {
      synchronized (loads) {
        return loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      }
    }

    private static boolean otherBuildRunning() {
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        return procs
            .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
            .anyMatch(
                p -> {
                  try {
                    String cmd =
                        new String(
                            Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    return cmd.contains("plexus-classworlds")
                        || cmd.contains("surefire")
                        || cmd.contains("org.openjdk.jmh");
                  } catch (IOException | RuntimeException e) {
                    return false;
                  }
                });
      } catch (IOException e) {
        return false;
      }
    }
  }
}
