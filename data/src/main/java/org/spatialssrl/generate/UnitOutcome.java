package org.spatialssrl.generate;

import java.util.List;

/**
 * What became of a {@link WorkUnit}'s samples: the only thing the planner needs back to plan
 * the next pass (rows and images stay where they were written).
 *
 * @param pass the unit's pass
 * @param source the unit's source index
 * @param status one entry per sample of the unit, in the unit's order
 * @param sourceRejected the source's pixels could not be decoded: it gives nothing more
 * @param depthRejected the source's depth map could not be used: it gives no more RGB-D samples
 */
public record UnitOutcome(int pass, int source, List<Status> status, boolean sourceRejected,
    boolean depthRejected) {

  /** The fate of one planned sample. */
  public enum Status {
    /** Made and written. */
    MADE,
    /** Every draw was rejected (or repeated an earlier sample): the source's stream ends here. */
    FAILED,
    /** Not tried: an earlier sample of the same stream, or the source itself, failed. */
    NOT_TRIED
  }

  /** Copies the list. */
  public UnitOutcome {
    status = List.copyOf(status);
  }

  /** The statuses as one letter each ({@code m}, {@code f}, {@code n}), for the journal. */
  String letters() {
    StringBuilder sb = new StringBuilder(status.size());
    status.forEach(s -> sb.append(s == Status.MADE ? 'm' : s == Status.FAILED ? 'f' : 'n'));
    return sb.toString();
  }

  /** The statuses of {@link #letters()}. */
  static List<Status> fromLetters(String letters) {
    return letters.chars().mapToObj(c -> switch (c) {
      case 'm' -> Status.MADE;
      case 'f' -> Status.FAILED;
      case 'n' -> Status.NOT_TRIED;
      default -> throw new IllegalArgumentException("unknown sample status '" + (char) c + "'");
    }).toList();
  }
}
