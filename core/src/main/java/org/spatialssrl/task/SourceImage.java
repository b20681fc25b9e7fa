package org.spatialssrl.task;

import org.spatialssrl.image.RgbImage;

/**
 * One decoded input.
 *
 * @param id the source's identity: its path relative to the input root, with {@code /}
 * @param rgb the pixels as displayed
 */
public record SourceImage(String id, RgbImage rgb) {}
