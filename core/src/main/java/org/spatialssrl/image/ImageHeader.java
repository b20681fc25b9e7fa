package org.spatialssrl.image;

/**
 * What an image file's header says, read without decoding pixels.
 *
 * @param format the reader's format name, lower case (for example {@code jpeg}, {@code png})
 * @param width width in pixels, before EXIF orientation
 * @param height height in pixels, before EXIF orientation
 */
public record ImageHeader(String format, int width, int height) {}
