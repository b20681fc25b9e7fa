package org.spatialssrl.seed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from a run seed and the identity of a piece of work, so
 * that every random choice depends only on what is being made, never on thread scheduling.
 *
 * <p>The derivation is SHA-256 over the seed and the parts, which is stable across JVMs and
 * platforms; {@link SplittableRandom}'s algorithm is fixed by its specification.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * A 64-bit seed for a run seed and the parts that identify the work.
   *
   * @param runSeed the user's seed
   * @param parts identifying parts (source path, task name, sample index, attempt, ...)
   * @return the derived seed
   */
  public static long derive(long runSeed, Object... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
    sha.update(Long.toString(runSeed).getBytes(StandardCharsets.UTF_8));
    for (Object part : parts) {
      sha.update((byte) 0x1F);
      sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
    }
    byte[] d = sha.digest();
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (d[i] & 255);
    }
    return v;
  }

  /**
   * A random stream for a run seed and work identity.
   *
   * @param runSeed the user's seed
   * @param parts identifying parts
   * @return a new generator
   */
  public static SplittableRandom random(long runSeed, Object... parts) {
    return new SplittableRandom(derive(runSeed, parts));
  }

  /**
   * A uniform number in [0, 1) for a run seed and identity, for stable hash-based decisions
   * such as which sources are held out for validation.
   *
   * @param runSeed the user's seed
   * @param parts identifying parts
   * @return a number in [0, 1)
   */
  public static double unit(long runSeed, Object... parts) {
    return (derive(runSeed, parts) >>> 11) * 0x1.0p-53;
  }
}
