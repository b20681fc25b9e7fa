package org.spatialssrl.generate;

/**
 * The sample counts of one task in one split: what was asked, what the plan made of it before
 * the run, what was made, and the most the sources could give.
 *
 * @param split the split
 * @param task the task
 * @param requested what was asked: from {@code --count} or {@code --per-task}, or by default one
 *     per source that can feed the task
 * @param planned what the plan asked of the sources before the run: the request, capped at
 *     {@code atMost}, plus any share given over by tasks that cannot fill theirs
 * @param made samples made
 * @param atMost the most the sources can give as far as known before decoding ({@code sources}
 *     times the task's per-source bound), {@link Long#MAX_VALUE} for no fixed bound
 * @param sources the sources that can feed the task (passed the header checks, with depth for
 *     RGB-D tasks)
 * @param movedOut samples of this task given over to other tasks during the run, because its
 *     sources ran out of distinct samples
 * @param movedIn samples taken over from other tasks during the run
 */
public record TaskCounts(String split, String task, long requested, long planned, long made,
    long atMost, int sources, long movedOut, long movedIn) {}
