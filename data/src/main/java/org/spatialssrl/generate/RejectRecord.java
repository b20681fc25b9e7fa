package org.spatialssrl.generate;

/**
 * A rejected input or sample, as written to {@code rejects.jsonl}.
 *
 * @param source the source's relative path
 * @param task the task, or null when the source itself was rejected
 * @param sampleId the sample that could not be made, or null
 * @param reason the reason code
 * @param message what is wrong, for a person
 */
public record RejectRecord(String source, String task, String sampleId, String reason, String message) {}
