package org.spatialssrl.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Means over scored items, overall and per type, as the releases compute them. */
public final class Aggregates {
  private Aggregates() {}

  /**
   * A micro mean (every item weighs the same) and its per-type means.
   *
   * @param overall the mean over all items (0 when there are none)
   * @param byType per type, sorted by type
   * @param counts items per type
   */
  public record Means(double overall, Map<String, Double> byType, Map<String, Integer> counts) {}

  /**
   * The micro mean of a per-item value, overall and per type.
   *
   * @param items the scored items
   * @param value the value of an item
   * @return the means
   */
  public static Means micro(List<ScoredItem> items, ToDoubleFunction<ScoredItem> value) {
    Map<String, double[]> sums = new TreeMap<>();
    double total = 0;
    for (ScoredItem s : items) {
      double v = value.applyAsDouble(s);
      total += v;
      double[] acc = sums.computeIfAbsent(s.item().type(), k -> new double[2]);
      acc[0] += v;
      acc[1]++;
    }
    Map<String, Double> byType = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    sums.forEach((k, a) -> {
      byType.put(k, a[0] / a[1]);
      counts.put(k, (int) a[1]);
    });
    return new Means(items.isEmpty() ? 0 : total / items.size(), byType, counts);
  }

  /**
   * The items' scores.
   *
   * @param items the scored items
   * @return the means of {@link ItemScore#score()}
   */
  public static Means scores(List<ScoredItem> items) {
    return micro(items, s -> s.score().score());
  }

  /**
   * The means of a scorer variant (items without it count 0).
   *
   * @param items the scored items
   * @param variant the variant name
   * @return the means
   */
  public static Means variant(List<ScoredItem> items, String variant) {
    return micro(items, s -> s.score().variants().getOrDefault(variant, 0.0));
  }

  /**
   * A report whose figure is the micro mean of the scores, with optional variants.
   *
   * @param benchmark the benchmark
   * @param items the scored items
   * @param aggregate the label of the figure
   * @param variants further aggregates
   * @return the report
   */
  public static BenchmarkReport microReport(Benchmark benchmark, List<ScoredItem> items,
      String aggregate, Map<String, BenchmarkReport.Variant> variants) {
    Means m = scores(items);
    int errors = 0;
    int missing = 0;
    int unparsed = 0;
    for (ScoredItem s : items) {
      if (s.failed()) {
        if (MISSING.equals(s.error())) {
          missing++;
        } else {
          errors++;
        }
      } else if (!s.score().parsed()) {
        unparsed++;
      }
    }
    return new BenchmarkReport(benchmark.id(), benchmark.displayName(), items.size(), m.overall(),
        aggregate, m.byType(), m.counts(), errors, missing, unparsed, variants, benchmark.scorerDescription());
  }

  /**
   * A labelled variant from means.
   *
   * @param m the means
   * @param label the label
   * @return the variant
   */
  public static BenchmarkReport.Variant variantOf(Means m, String label) {
    return new BenchmarkReport.Variant(m.overall(), label, m.byType());
  }

  /** The error text of an item that a rescored predictions file does not contain. */
  public static final String MISSING = "no prediction for this item";
}
