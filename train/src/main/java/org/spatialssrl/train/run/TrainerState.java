package org.spatialssrl.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run stands, saved in every checkpoint as {@code trainer_state.json} (next to the
 * optimizer's {@code optimizer.safetensors}) so that {@code --resume} continues exactly: the
 * optimizer steps done, the epoch and the number of batches of it already consumed (the data
 * order of an epoch is a function of the seed and the epoch, so this position is the whole RNG
 * state of the data order), the seed, and trainer-specific extras.
 *
 * @param step optimizer steps done
 * @param epoch the 0-based epoch the next batch comes from
 * @param batchInEpoch batches of that epoch already consumed
 * @param seed the run seed
 * @param extra trainer-specific entries (may be empty)
 */
public record TrainerState(long step, int epoch, long batchInEpoch, long seed, ObjectNode extra) {
  /** The file name inside a checkpoint. */
  public static final String FILE = "trainer_state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the extras. */
  public TrainerState {
    extra = extra == null ? JSON.createObjectNode() : extra.deepCopy();
  }

  /**
   * Writes {@code trainer_state.json} into a checkpoint directory.
   *
   * @param dir the directory
   * @throws IOException when writing fails
   */
  public void write(Path dir) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("step", step);
    o.put("epoch", epoch);
    o.put("batch_in_epoch", batchInEpoch);
    o.put("seed", seed);
    o.set("extra", extra);
    Files.writeString(dir.resolve(FILE),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code trainer_state.json} from a checkpoint directory.
   *
   * @param dir the directory
   * @return the state
   * @throws IOException when the file is missing or malformed
   */
  public static TrainerState read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException("checkpoint " + dir + " has no " + FILE + "; it cannot be resumed");
    }
    JsonNode o = JSON.readTree(f.toFile());
    JsonNode extra = o.path("extra");
    return new TrainerState(o.path("step").asLong(), o.path("epoch").asInt(),
        o.path("batch_in_epoch").asLong(), o.path("seed").asLong(),
        extra.isObject() ? (ObjectNode) extra : null);
  }
}
