package org.spatialssrl.generate;

import java.util.Map;

/**
 * What a run made.
 *
 * @param requested samples planned
 * @param made samples written (train and validation)
 * @param byTaskVariant made samples by {@code split/task/variant}
 * @param rejectsByReason rejections by reason code
 * @param sources source files found
 * @param usableSources sources that passed the header checks
 */
public record GenerateSummary(
    long requested,
    long made,
    Map<String, Long> byTaskVariant,
    Map<String, Long> rejectsByReason,
    int sources,
    int usableSources) {}
