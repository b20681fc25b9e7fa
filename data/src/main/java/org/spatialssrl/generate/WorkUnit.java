package org.spatialssrl.generate;

import java.util.List;

/**
 * The samples one source makes in one pass of a run: the source is decoded once for all of
 * them. Making a unit is a pure function of the unit, the source's files and the configuration
 * ({@link SampleMaker#make}), so units can run anywhere and in any order.
 *
 * @param pass the pass (0 for the first plan; later passes replace samples that could not be made)
 * @param source the source's index in the sorted source list
 * @param sourceId the source's identity
 * @param samples the samples, ordered by split, task rank and round
 */
public record WorkUnit(int pass, int source, String sourceId, List<PlannedSample> samples) {
  /** Copies the list. */
  public WorkUnit {
    samples = List.copyOf(samples);
  }
}
