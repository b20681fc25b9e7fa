package org.spatialssrl.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.spatialssrl.seed.Seeds;
import org.spatialssrl.task.InputKind;
import org.spatialssrl.task.PretextTask;

/**
 * Decides which source makes which sample, so that the samples asked for are made whenever the
 * sources can give them, and identically however the work is spread.
 *
 * <p>The model: each (split, task) has a <em>lane</em>, its sources in a seeded order, and the
 * lane's slot {@code j} is round {@code j / n} of source {@code order[j % n]}. A source's stream
 * of a task gives its rounds in order and ends at the first round that fails (every draw
 * rejected or a repeat) or at the task's per-source bound. The samples of a lane are indexed
 * {@code 0, 1, ...} (their ids); pass 0 gives index {@code k} slot {@code k}. After each pass
 * the indices whose sample could not be made go, in order, to the lane's next slots on live
 * streams; a lane that has none left gives its unfilled share to the other tasks of its split
 * (when the share came from {@code --count}, not from an explicit {@code --per-task} count),
 * evenly, as far as they have room. The run ends when a pass has nothing left to plan.
 *
 * <p>Before the run, the request is split the same way over what the headers allow: a task that
 * no source can feed (an RGB-D task without depth maps) or whose sources cannot give that many
 * distinct samples ({@link PretextTask#maxSamplesPerSource()}) passes the difference on.
 *
 * <p>Every decision is a function of the probes (in source order), the configuration, the seed
 * and the outcomes of the earlier passes, never of timing or of the order in which outcomes
 * arrive: a distributed runner that makes the same units gets the same plan. Use: call {@link
 * #nextPass()}, make its units (in any order, anywhere), {@link #record} every outcome, and
 * repeat until {@link #nextPass()} returns no unit. Not thread-safe.
 */
public final class SamplePlanner {
  /**
   * What the planner needs to know of a task.
   *
   * @param name the task name
   * @param input what the task needs from a source
   * @param maxPerSource the most distinct samples one source can give
   */
  public record TaskSpec(String name, InputKind input, long maxPerSource) {
    /**
     * The spec of a task.
     *
     * @param task the task
     * @return its spec
     */
    public static TaskSpec of(PretextTask task) {
      return new TaskSpec(task.name(), task.input(), task.maxSamplesPerSource());
    }
  }

  private static final List<String> SPLITS = List.of(DatasetGenerator.TRAIN, DatasetGenerator.VAL);

  private final List<SourceProbe> probes;
  private final int nTasks;
  private final boolean refill;
  private final List<Lane> lanes = new ArrayList<>();
  private final boolean[] sourceDead;
  private final boolean[] depthDead;
  private final Map<Integer, WorkUnit> awaiting = new HashMap<>();
  private int pass = -1;

  /**
   * Plans a run.
   *
   * @param config the run's configuration (counts, validation fraction, seed)
   * @param tasks the selected tasks, in output order
   * @param probes one probe per source, in the sorted source order
   */
  public SamplePlanner(GenerateConfig config, List<TaskSpec> tasks, List<SourceProbe> probes) {
    this.probes = List.copyOf(probes);
    this.nTasks = tasks.size();
    this.refill = config.count() != null || !config.perTaskCounts().isEmpty();
    this.sourceDead = new boolean[probes.size()];
    this.depthDead = new boolean[probes.size()];
    List<List<Integer>> members = split(config);
    for (int s = 0; s < SPLITS.size(); s++) {
      String split = SPLITS.get(s);
      List<Lane> inSplit = new ArrayList<>();
      for (int t = 0; t < nTasks; t++) {
        TaskSpec spec = tasks.get(t);
        List<Integer> eligible = spec.input() == InputKind.RGBD
            ? members.get(s).stream().filter(i -> probes.get(i).hasDepth()).toList()
            : members.get(s);
        int[] order = shuffled(eligible, Seeds.random(config.seed(), "order", split, spec.name()));
        boolean flexible = config.count() != null && !config.perTaskCounts().containsKey(spec.name());
        inSplit.add(new Lane(split, t, spec, order, requested(config, spec.name(), t, split, order.length),
            flexible));
      }
      long excess = 0;
      for (Lane l : inSplit) {
        l.planned = (int) Math.min(l.requested, l.atMost);
        excess += l.flexible ? l.requested - l.planned : 0;
      }
      spread(excess, inSplit.stream().filter(l -> l.flexible).toList(), l -> l.atMost - l.planned,
          (l, g) -> l.planned += (int) g);
      lanes.addAll(inSplit);
    }
    lanes.forEach(l -> l.target = l.planned);
  }

  /** The sources of each split: a seeded, per-source choice, so adding sources moves no other. */
  private List<List<Integer>> split(GenerateConfig config) {
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    double lowest = 2;
    int lowestIdx = -1;
    for (int i = 0; i < probes.size(); i++) {
      if (!probes.get(i).usable()) {
        continue;
      }
      double u = Seeds.unit(config.seed(), "split", probes.get(i).id());
      (u < config.valFraction() ? val : train).add(i);
      if (u < lowest) {
        lowest = u;
        lowestIdx = i;
      }
    }
    // A requested validation split is never empty while two or more sources exist.
    if (config.valFraction() > 0 && val.isEmpty() && train.size() >= 2) {
      train.remove(Integer.valueOf(lowestIdx));
      val.add(lowestIdx);
    }
    return List.of(train, val);
  }

  private static int[] shuffled(List<Integer> items, SplittableRandom rng) {
    int[] order = items.stream().mapToInt(Integer::intValue).toArray();
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** What is asked of one task in one split, before the sources' bounds are applied. */
  private static int requested(
      GenerateConfig config, String task, int taskIndex, String split, int sources) {
    Integer explicit = config.perTaskCounts().get(task);
    if (explicit == null && config.count() != null) {
      explicit = config.count() / config.tasks().size()
          + (taskIndex < config.count() % config.tasks().size() ? 1 : 0);
    }
    if (explicit == null) {
      return sources; // one sample per source of this split
    }
    if (config.valFraction() == 0) {
      return split.equals(DatasetGenerator.TRAIN) ? explicit : 0;
    }
    int valCount = (int) Math.round(explicit * config.valFraction());
    return split.equals(DatasetGenerator.VAL) ? valCount : explicit - valCount;
  }

  /**
   * Adds {@code extra} to receivers evenly (the remainder to the earlier ones), never beyond their
   * room, until it is placed or nobody has room.
   *
   * @return what could not be placed
   */
  private static long spread(long extra, List<Lane> receivers, ToLongFunction<Lane> room,
      ObjLongConsumer<Lane> give) {
    List<Lane> open = new ArrayList<>();
    List<Long> rooms = new ArrayList<>();
    for (Lane l : receivers) {
      long r = room.applyAsLong(l);
      if (r > 0) {
        open.add(l);
        rooms.add(r);
      }
    }
    while (extra > 0 && !open.isEmpty()) {
      int k = open.size();
      long share = extra / k;
      long rest = extra % k;
      for (int i = 0; i < k; i++) {
        long g = Math.min(share + (i < rest ? 1 : 0), rooms.get(i));
        if (g > 0) {
          give.accept(open.get(i), g);
          rooms.set(i, rooms.get(i) - g);
          extra -= g;
        }
      }
      for (int i = k - 1; i >= 0; i--) {
        if (rooms.get(i) == 0) {
          open.remove(i);
          rooms.remove(i);
        }
      }
    }
    return extra;
  }

  /**
   * The counts as planned before the run ({@code made} is 0): what to announce to the user.
   *
   * @return one entry per split and task, train first, tasks in output order
   */
  public List<TaskCounts> budget() {
    return lanes.stream().map(l -> l.counts(0)).toList();
  }

  /**
   * The counts so far; after the last pass, the run's result.
   *
   * @return one entry per split and task, train first, tasks in output order
   */
  public List<TaskCounts> counts() {
    return lanes.stream().map(l -> l.counts(l.made)).toList();
  }

  /**
   * Whether more samples were asked for than sources: false when the run makes the default one
   * sample per source and task.
   */
  public boolean countGiven() {
    return refill;
  }

  /**
   * Plans the next pass: pass 0 on the first call, then the samples that earlier passes could not
   * make, on other slots.
   *
   * @return the pass's units, ordered by source; empty when the run is complete
   * @throws IllegalStateException when outcomes of the previous pass are missing
   */
  public List<WorkUnit> nextPass() {
    if (!awaiting.isEmpty()) {
      throw new IllegalStateException(awaiting.size() + " units of pass " + pass
          + " have no recorded outcome");
    }
    pass++;
    Map<Integer, List<PlannedSample>> bySource = new TreeMap<>();
    lanes.forEach(Lane::countLive);
    for (Lane l : lanes) {
      l.assign(bySource);
    }
    for (String split : SPLITS) {
      List<Lane> inSplit = lanes.stream().filter(l -> l.split.equals(split)).toList();
      moveShares(inSplit, bySource);
    }
    List<WorkUnit> units = new ArrayList<>();
    for (Map.Entry<Integer, List<PlannedSample>> e : bySource.entrySet()) {
      List<PlannedSample> samples = new ArrayList<>(e.getValue());
      samples.sort((a, b) -> a.taskRank() != b.taskRank() ? Integer.compare(a.taskRank(), b.taskRank())
          : Integer.compare(a.round(), b.round()));
      WorkUnit u = new WorkUnit(pass, e.getKey(), probes.get(e.getKey()).id(), samples);
      units.add(u);
      awaiting.put(u.source(), u);
    }
    return units;
  }

  /** Exhausted lanes give their open indices over to the other flexible lanes of their split. */
  private void moveShares(List<Lane> inSplit, Map<Integer, List<PlannedSample>> bySource) {
    while (true) {
      long freed = 0;
      for (Lane l : inSplit) {
        if (l.exhausted && l.hasOpen()) {
          int n = l.abandonOpen();
          if (l.flexible) {
            l.movedOut += n;
            freed += n;
          }
        }
      }
      if (freed == 0) {
        return;
      }
      List<Lane> receivers = inSplit.stream().filter(l -> l.flexible && !l.exhausted).toList();
      long lost = spread(freed, receivers, Lane::room, (l, g) -> {
        l.target += (int) g;
        l.movedIn += g;
      });
      if (lost == freed) {
        return;
      }
      for (Lane l : receivers) {
        l.assign(bySource);
      }
    }
  }

  /**
   * Records what became of a unit of the current pass.
   *
   * @param outcome the unit's outcome
   * @throws IllegalArgumentException when it matches no unit awaiting an outcome
   */
  public void record(UnitOutcome outcome) {
    WorkUnit u = awaiting.get(outcome.source());
    if (u == null || u.pass() != outcome.pass() || u.samples().size() != outcome.status().size()) {
      throw new IllegalArgumentException("outcome of source " + outcome.source() + " pass "
          + outcome.pass() + " matches no planned unit of pass " + pass);
    }
    awaiting.remove(outcome.source());
    sourceDead[u.source()] |= outcome.sourceRejected();
    depthDead[u.source()] |= outcome.depthRejected();
    for (int i = 0; i < u.samples().size(); i++) {
      PlannedSample s = u.samples().get(i);
      Lane l = lanes.get(SPLITS.indexOf(s.split()) * nTasks + s.taskRank());
      if (outcome.status().get(i) == UnitOutcome.Status.MADE) {
        l.made++;
      } else {
        l.endStream(u.source());
        if (refill) {
          l.returned.add(s.index());
        }
      }
    }
  }

  /** One (split, task): its sources in seeded order and the state of its indices and slots. */
  private final class Lane {
    final String split;
    final int rank;
    final TaskSpec spec;
    final int[] order;
    final boolean flexible;
    final int requested;
    final long atMost;
    final int cap;
    int planned;
    /** Indices 0..target-1 exist; [fresh, target) have never had a slot. */
    int target;
    int fresh;
    /** Indices whose slot failed, waiting for another. */
    final TreeSet<Integer> returned = new TreeSet<>();
    long nextSlot;
    boolean exhausted;
    long made;
    long movedOut;
    long movedIn;
    final boolean[] streamEnded;
    int[] positionOf;
    int live;

    Lane(String split, int rank, TaskSpec spec, int[] order, int requested, boolean flexible) {
      this.split = split;
      this.rank = rank;
      this.spec = spec;
      this.order = order;
      this.requested = requested;
      this.flexible = flexible;
      // A bound beyond any int round count is no bound.
      this.cap = (int) Math.max(0, Math.min(Integer.MAX_VALUE, spec.maxPerSource()));
      this.atMost = order.length == 0 ? 0
          : cap == Integer.MAX_VALUE ? Long.MAX_VALUE : (long) order.length * cap;
      this.streamEnded = new boolean[order.length];
    }

    TaskCounts counts(long madeSoFar) {
      return new TaskCounts(split, spec.name(), requested, planned, madeSoFar, atMost, order.length,
          movedOut, movedIn);
    }

    boolean streamLive(int p) {
      int src = order[p];
      return !streamEnded[p] && !sourceDead[src] && !(spec.input() == InputKind.RGBD && depthDead[src]);
    }

    void countLive() {
      live = 0;
      for (int p = 0; p < order.length; p++) {
        live += streamLive(p) ? 1 : 0;
      }
    }

    void endStream(int source) {
      if (positionOf == null) {
        positionOf = new int[probes.size()];
        for (int p = 0; p < order.length; p++) {
          positionOf[order[p]] = p;
        }
      }
      streamEnded[positionOf[source]] = true;
    }

    boolean hasOpen() {
      return !returned.isEmpty() || fresh < target;
    }

    /** Gives up the open indices; returns how many. Returned ones leave gaps in the ids. */
    int abandonOpen() {
      int n = returned.size() + target - fresh;
      returned.clear();
      target = fresh;
      return n;
    }

    /** The next slot on a live stream within the per-source bound, or -1 when there is none. */
    long nextLiveSlot() {
      int n = order.length;
      for (int scanned = 0; live > 0 && scanned < n; scanned++) {
        long j = nextSlot;
        if (j / n >= cap) {
          return -1;
        }
        nextSlot++;
        if (streamLive((int) (j % n))) {
          return j;
        }
      }
      return -1;
    }

    /** Remaining rounds on live streams (an upper bound of what this lane can still make). */
    long room() {
      if (live == 0 || exhausted) {
        return 0;
      }
      if (cap == Integer.MAX_VALUE) {
        return Long.MAX_VALUE;
      }
      int n = order.length;
      long room = 0;
      for (int p = 0; p < n; p++) {
        if (streamLive(p)) {
          long used = nextSlot > p ? (nextSlot - 1 - p) / n + 1 : 0;
          room += Math.max(0, cap - used);
        }
      }
      return room;
    }

    /** Gives each open index a slot; marks the lane exhausted when slots run out. */
    void assign(Map<Integer, List<PlannedSample>> bySource) {
      while (hasOpen()) {
        long j = nextLiveSlot();
        if (j < 0) {
          exhausted = true;
          return;
        }
        int index = returned.isEmpty() ? fresh++ : returned.pollFirst();
        int src = order[(int) (j % order.length)];
        bySource.computeIfAbsent(src, k -> new ArrayList<>())
            .add(new PlannedSample(split, spec.name(), rank, index, (int) (j / order.length)));
      }
    }
  }
}
