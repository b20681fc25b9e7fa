package org.spatialssrl.verify.depth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.spatialssrl.dataset.DatasetRow;
import org.spatialssrl.depth.DepthMap;
import org.spatialssrl.image.RgbImage;
import org.spatialssrl.task.Facing;
import org.spatialssrl.task.RelativePositionTask;
import org.spatialssrl.verify.SampleChecker;
import org.spatialssrl.verify.SourceLookup;

/**
 * Re-checks relative position samples: re-reads the source depth, recomputes both blocks'
 * statistics (normalised range and maximum raw depth), checks the pair rules of the stored kind,
 * and re-derives the true option from the camera, the target, the facing and the table, then its
 * letter from the stored option order.
 */
public final class PositionChecker implements SampleChecker {
  @Override
  public String task() {
    return RelativePositionTask.NAME;
  }

  @Override
  public List<String> checkSyntax(DatasetRow row) {
    return row.answer().matches("[ABCD]") ? List.of()
        : List.of(row.id() + ": position answer '" + row.answer() + "' is not one of A, B, C, D");
  }

  @Override
  public List<String> rederive(DatasetRow row, List<RgbImage> images, SourceLookup sources)
      throws Exception {
    List<String> problems = new ArrayList<>();
    DepthSources.Context c = DepthSources.context(row, images, sources, problems);
    JsonNode m = c.meta();
    int w = c.width();
    int h = c.height();
    DepthMap depth = c.depth();
    double[] range = RelativePositionTask.validRange(depth);
    int side = m.path("block").asInt();
    double[][] stats = new double[3][];
    int[] cx = new int[3];
    int[] cy = new int[3];
    for (JsonNode r : m.path("regions")) {
      int label = r.path("label").asInt();
      if (label != 1 && label != 2) {
        problems.add(row.id() + ": region label " + label);
        return problems;
      }
      int bx = r.path("block_x").asInt();
      int by = r.path("block_y").asInt();
      if (bx < 0 || by < 0 || bx + side > w || by + side > h) {
        problems.add(row.id() + ": block " + label + " leaves the image");
        return problems;
      }
      stats[label] = RelativePositionTask.blockStats(depth, range[0], range[1], bx, by, side);
      cx[label] = bx + side / 2;
      cy[label] = by + side / 2;
      double frac = m.path("centre_fraction").asDouble();
      if (Math.abs(cx[label] + 0.5 - w / 2.0) > frac * w
          || Math.abs(cy[label] + 0.5 - h / 2.0) > frac * h) {
        problems.add(row.id() + ": block " + label + " centre is not within " + frac
            + " of the image size from the image centre");
      }
      if (stats[label][3] == 0 || stats[label][1] - stats[label][0] > m.path("max_block_range").asDouble()) {
        problems.add(row.id() + ": block " + label + " is empty or not flat");
      }
      if ((float) stats[label][2] != (float) r.path("depth").asDouble()) {
        problems.add(row.id() + ": block " + label + " depth is " + stats[label][2] + ", stored "
            + r.path("depth"));
      }
    }
    int cam = m.path("camera_label").asInt();
    int tgt = m.path("target_label").asInt();
    if (cam + tgt != 3 || stats[1] == null || stats[2] == null) {
      problems.add(row.id() + ": camera/target labels must be 1 and 2");
      return problems;
    }
    double sep = m.path("depth_separation").asDouble();
    double minDist = m.path("min_distance").asDouble();
    int dx = cx[tgt] - cx[cam];
    int dy = cy[tgt] - cy[cam];
    double dd = stats[tgt][2] - stats[cam][2];
    boolean far = m.path("pair").asText().equals("far");
    if (far) {
      int nearer = stats[1][1] <= stats[2][1] ? 1 : 2;
      int farther = 3 - nearer;
      if (!((double) (float) stats[farther][0] - (float) stats[nearer][1] >= sep)
          || (double) dx * dx + (double) dy * dy < minDist * minDist) {
        problems.add(row.id() + ": the blocks are not a far pair");
      }
    } else {
      double spread = Math.max(stats[1][1], stats[2][1]) - Math.min(stats[1][0], stats[2][0]);
      if (!(spread <= sep) || Math.abs(dy) >= m.path("near_max_dy").asInt() || Math.abs(dx) < minDist) {
        problems.add(row.id() + ": the blocks are not a near pair");
      }
    }
    Facing facing = Facing.ofId(m.path("facing").asText());
    String truth;
    String variant;
    if (!far) {
      variant = "near";
      truth = facing.near(dx);
    } else if (Math.abs(dx) <= m.path("same_x_max_dx").asInt()) {
      variant = "far-same-x";
      truth = facing.farSameX(dd);
    } else {
      variant = "far-diff-x";
      truth = facing.farDiffX(dx, dd);
    }
    List<String> options = new ArrayList<>();
    m.path("options").forEach(o -> options.add(o.asText()));
    int slot = options.indexOf(truth);
    if (!variant.equals(row.variant())) {
      problems.add(row.id() + ": re-derived variant " + variant + ", stored " + row.variant());
    }
    String letter = slot < 0 ? "none" : String.valueOf((char) ('A' + slot));
    if (!letter.equals(row.answer())) {
      problems.add(row.id() + ": re-derived answer " + letter + " (" + truth + "), stored "
          + row.answer());
    }
    return problems;
  }
}
